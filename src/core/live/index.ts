export { LiveView } from './live-view.js';
export type * from './live.js';
