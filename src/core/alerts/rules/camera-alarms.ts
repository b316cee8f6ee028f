import type { DomainEvent } from '../../../bus/bus.js';
import { ALARM_CAMERA_EVENTS } from '../../security/index.js';
import type { Subject } from '../alerts.js';
import type { RuleEvaluator, RuleEvaluatorFactory } from '../rule-evaluator.js';
import { RULE_KEYS } from './catalog.js';
import { str } from './rule-support.js';

const KEY = RULE_KEYS.cameraAlarm;
const ALARMS = new Set(ALARM_CAMERA_EVENTS);

/**
 * Tamper and intrusion events from camera / sensor sources (`security.camera_event`): an incident on each
 * station the camera is mapped to, else on its site, else on the camera itself (an address subject
 * `camera:<source>/<camera>`). Further alarms count occurrences; an operator resolves them. Stateless.
 */
export const cameraAlarms: RuleEvaluatorFactory = (ctx): RuleEvaluator => ({
  ruleKeys: [KEY],
  eventTypes: ['security.camera_event'],

  async onEvent(e: DomainEvent) {
    const type = str(e.data.eventType);
    if (!type || !ALARMS.has(type)) return;
    const siteId = str(e.data.siteId);
    const stationIds = Array.isArray(e.data.stationIds) ? e.data.stationIds.filter((s): s is string => typeof s === 'string') : [];
    const source = str(e.data.sourceName) ?? str(e.data.sourceId) ?? '?';
    const camera = str(e.data.cameraId) ?? '?';
    const subjects: Subject[] = stationIds.length
      ? stationIds.map((stationId) => ({ type: 'station', stationId, ...(ctx.siteOf(stationId) ? { siteId: ctx.siteOf(stationId)! } : {}) }))
      : siteId ? [{ type: 'site', siteId }] : [{ type: 'address', address: `camera:${source}/${camera}` }];
    const settingsSite = siteId ?? (stationIds[0] ? ctx.siteOf(stationIds[0]) : null);
    if (!ctx.settings.settingsFor(KEY, settingsSite).enabled) return;
    const at = new Date(str(e.data.at) ?? e.at);
    for (const subject of subjects) {
      await ctx.sink.raise({
        ruleKey: KEY, subject, at, title: `Camera ${camera} (${source}) reports ${type}`,
        details: { eventType: type, sourceId: str(e.data.sourceId), cameraId: camera, snapshotUrl: str(e.data.snapshotUrl), cameraEventId: str(e.data.id) },
      });
    }
  },
});
