/** Security: station security events, camera/sensor sources and their signed events, the security timeline. */
export { SecurityEvents } from './security-events.js';
export { SecuritySources } from './security-sources.js';
export { CameraIngest, BadSignatureError, ReplayedRequestError, type SignatureCheck } from './camera-ingest.js';
export { SecurityRecorder } from './security-recorder.js';
export {
  SECURITY_EVENT_TYPES, CRITICAL_SECURITY_EVENT_TYPES, WARNING_SECURITY_EVENT_TYPES, ROUTINE_SECURITY_EVENT_TYPES, ALARM_CAMERA_EVENTS, securitySeverity,
  type SecuritySeverity,
} from './security-event-types.js';
export type * from './security.js';
