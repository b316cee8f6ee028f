/** Local authorization lists and their automatic sync (SendLocalList, GetLocalListVersion). */
export { LocalListService, type LocalListServiceDeps } from './local-lists-service.js';
export { tokensForEveryStation } from './local-lists-repository.js';
export type * from './local-lists.js';
