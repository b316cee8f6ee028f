/** Health monitoring: rule settings, the incident store and the detection engine. */
export * from './alerts.js';
export type { RuleContext, RuleEvaluator, RuleEvaluatorFactory } from './rule-evaluator.js';
export { IncidentService, type IncidentDetail, type IncidentServiceDeps, type RuleLookup } from './incident-service.js';
export { IncidentQueries, type IncidentQueriesDeps } from './incident-queries.js';
export { RuleSettingsService, type RuleSettingsServiceDeps } from './rule-settings-service.js';
export { DetectionEngine, type DetectionEngineDeps } from './detection-engine.js';
export { RULE_CATALOG, RULE_EVALUATORS, RULE_KEYS } from './rules/index.js';
