import type { RuleDefinition } from '../alerts.js';
import type { RuleEvaluatorFactory } from '../rule-evaluator.js';
import { authFailures } from './auth-failures.js';
import { cameraAlarms } from './camera-alarms.js';
import { CATALOG } from './catalog.js';
import { certificateExpiry } from './certificate-expiry.js';
import { connectorFault } from './connector-fault.js';
import { dataQuality } from './data-quality.js';
import { failedStarts } from './failed-starts.js';
import { powerAnomalies } from './power-anomalies.js';
import { securityEvents } from './security-events.js';
import { sessionAnomalies } from './session-anomalies.js';
import { sitePower } from './site-power.js';
import { stationOffline } from './station-offline.js';
import { stationKnocking } from './station-knocking.js';
import { stationOperations } from './station-operations.js';

export { RULE_KEYS } from './catalog.js';
export { CRITICAL_SECURITY_EVENTS, ROUTINE_SECURITY_EVENTS } from './security-events.js';

/** Every rule the product ships, with its defaults (the settings an operator edits are in alert_rules). */
export const RULE_CATALOG: readonly RuleDefinition[] = CATALOG;

/** The evaluators that detect the catalog's problems. */
export const RULE_EVALUATORS: readonly RuleEvaluatorFactory[] = [
  stationOffline, connectorFault, powerAnomalies, sitePower, sessionAnomalies, failedStarts, stationOperations, securityEvents, authFailures, stationKnocking, cameraAlarms, dataQuality, certificateExpiry,
];
