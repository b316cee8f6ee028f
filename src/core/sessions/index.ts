/** Charging sessions: what other features and the handlers may use. */
export { SessionService, type SessionServiceDeps } from './sessions-service.js';
export type { ChargingNeedsInput, ChargingNeedsResult } from './charging-needs.js';
/** Live progress of running sessions (the live view feeds it bus events). */
export { ProgressTracker, PROGRESS_INTERVAL_MS, type ProgressSeed } from './progress-tracker.js';
export { loadProgressSeeds } from './progress-repository.js';
export { samplesFromV16, samplesFromV201, type MeterSample, type V16MeterValueInput, type V201MeterValueInput } from './meter-samples.js';
export type * from './sessions.js';
/** The pure meter arithmetic, for features that replay a session's stored samples (billing). */
export { applyReading, initialProgress, readingsOf, type ReadingSample } from './session-progress.js';
