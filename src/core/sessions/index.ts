/** Charging sessions: what other features and the handlers may use. */
export { SessionService, type SessionServiceDeps } from './sessions-service.js';
export { samplesFromV16, samplesFromV201, type MeterSample, type V16MeterValueInput, type V201MeterValueInput } from './meter-samples.js';
export type * from './sessions.js';
