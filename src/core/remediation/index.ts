/** Automatic remediation: each incident's ladder of commands and tickets, with its guards, and steps by hand. */
export { RemediationService } from './remediation-service.js';
export { RemediationRunner } from './remediation-runner.js';
export { REMEDIATION_SYSTEM } from './remediation.js';
export type * from './remediation.js';
