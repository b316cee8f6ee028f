/** Sites: where stations stand. */
export { SiteService } from './sites-service.js';
export type * from './sites.js';
