export { LiveView } from './live-view.js';
export { statusRank, worstStatus } from './station-list.js';
export type { AttentionItem } from './attention.js';
export type { StationListPage, StationListQuery } from './station-list.js';
export type * from './live.js';
