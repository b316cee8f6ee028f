/** Access control: who may charge where and when (access rules), the one authorization decision, and its enforcement. */
export { AccessDecider } from './access-decider.js';
export { AccessRulesService, type AccessRuleChange } from './access-rules-service.js';
export { AccessEnforcer, ACCESS_ACTOR, type AccessEnforcerDeps } from './access-enforcer.js';
export { DriverRemoteStart, AccessRefusedError, type DriverRemoteStartDeps, type DriverRemoteStartInput } from './driver-remote-start.js';
export { tokenSource } from './token-source.js';
export { ACCESS_STATUSES } from './access.js';
export type * from './access.js';
