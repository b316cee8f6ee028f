import { describe, expect, it } from 'vitest';
import type { Channel, IncidentSummary } from '../alerts/index.js';
import { DEFAULT_SUBSCRIPTIONS, type IncidentChange, type Subscription } from './notifications.js';
import { deliveryFor, notifyingChange } from './subscription-match.js';

const SITE_A = '00000000-0000-4000-8000-00000000000a';
const SITE_B = '00000000-0000-4000-8000-00000000000b';

function incident(over: Partial<IncidentSummary> = {}): IncidentSummary {
  return {
    id: 7, ruleKey: 'station_offline', category: 'connectivity', subjectType: 'station', subjectKey: 'station:CP-1', stationId: 'CP-1', evseId: null, connectorId: null,
    sessionId: null, siteId: SITE_A, severity: 'warning', state: 'open', title: 'CP-1 offline', details: {}, occurrences: 1, firstSeenAt: '2026-01-01T00:00:00.000Z',
    lastSeenAt: '2026-01-01T00:00:00.000Z', acknowledgedAt: null, acknowledgedBy: null, resolvedAt: null, resolvedBy: null, resolutionNote: null, assigneeId: null, ticketId: null, autoResolved: false, escalatedAt: null, ...over,
  };
}

const change = (c: IncidentChange['change'], over: Partial<IncidentSummary> = {}): IncidentChange => ({ change: c, incident: incident(over), at: new Date('2026-01-01T00:00:00Z') });
const sub = (over: Partial<Subscription>): Subscription => ({ channel: 'in_app', minSeverity: 'info', siteIds: null, ruleKeys: null, digest: false, notifyResolved: false, ...over });
const ALL: Channel[] = ['in_app', 'email', 'webhook'];

describe('which incident events notify', () => {
  it.each([
    ['incident.opened', 'opened', 'opened'],
    ['incident.resolved', 'resolved', 'resolved'],
    ['incident.updated', 'escalated', 'escalated'],
    ['incident.updated', 'acknowledged', undefined],
    ['incident.updated', 'occurred', undefined],
    ['incident.updated', 'notified', undefined],
    ['incident.updated', 'assigned', undefined],
  ])('%s with change %s → %s', (type, c, expected) => {
    const found = notifyingChange({ type, at: '2026-01-01T00:00:00Z', data: { incident: incident(), change: c } });
    expect(found?.change).toBe(expected);
  });
});

describe('subscriptions filter by severity, site, rule, channel and change', () => {
  it.each<[string, Subscription[], IncidentChange, Channel[], { inApp: boolean; email: 'now' | 'digest' | null }]>([
    ['defaults: warning reaches in-app', [...DEFAULT_SUBSCRIPTIONS], change('opened'), ALL, { inApp: true, email: null }],
    ['defaults: info does not', [...DEFAULT_SUBSCRIPTIONS], change('opened', { severity: 'info' }), ALL, { inApp: false, email: null }],
    ['defaults: resolved does not', [...DEFAULT_SUBSCRIPTIONS], change('resolved'), ALL, { inApp: false, email: null }],
    ['defaults: escalated to critical does', [...DEFAULT_SUBSCRIPTIONS], change('escalated', { severity: 'critical' }), ALL, { inApp: true, email: null }],
    ['minimum critical skips warning', [sub({ minSeverity: 'critical' })], change('opened'), ALL, { inApp: false, email: null }],
    ['"also when resolved" lets resolved through', [sub({ notifyResolved: true })], change('resolved'), ALL, { inApp: true, email: null }],
    ['site in the list', [sub({ siteIds: [SITE_B, SITE_A] })], change('opened'), ALL, { inApp: true, email: null }],
    ['site not in the list', [sub({ siteIds: [SITE_B] })], change('opened'), ALL, { inApp: false, email: null }],
    ['site list and an incident without a site', [sub({ siteIds: [SITE_A] })], change('opened', { siteId: null }), ALL, { inApp: false, email: null }],
    ['rule in the list', [sub({ ruleKeys: ['station_offline'] })], change('opened'), ALL, { inApp: true, email: null }],
    ['rule not in the list', [sub({ ruleKeys: ['connector_faulted'] })], change('opened'), ALL, { inApp: false, email: null }],
    ['e-mail, immediate', [sub({ channel: 'email' })], change('opened'), ALL, { inApp: false, email: 'now' }],
    ['e-mail digest, warning is collected', [sub({ channel: 'email', digest: true })], change('opened'), ALL, { inApp: false, email: 'digest' }],
    ['e-mail digest, critical goes at once', [sub({ channel: 'email', digest: true })], change('opened', { severity: 'critical' }), ALL, { inApp: false, email: 'now' }],
    ['an immediate e-mail subscription wins over a digest one', [sub({ channel: 'email', digest: true }), sub({ channel: 'email', ruleKeys: ['station_offline'] })], change('opened'), ALL, { inApp: false, email: 'now' }],
    ['both channels', [sub({}), sub({ channel: 'email' })], change('opened'), ALL, { inApp: true, email: 'now' }],
    ['the rule allows only e-mail', [sub({}), sub({ channel: 'email' })], change('opened'), ['email'], { inApp: false, email: 'now' }],
    ['the rule allows only in-app', [sub({}), sub({ channel: 'email' })], change('opened'), ['in_app'], { inApp: true, email: null }],
    ['the rule allows only webhooks', [sub({}), sub({ channel: 'email' })], change('opened'), ['webhook'], { inApp: false, email: null }],
    ['no subscriptions', [], change('opened', { severity: 'critical' }), ALL, { inApp: false, email: null }],
  ])('%s', (_name, subs, c, allowed, expected) => {
    expect(deliveryFor(subs, c, allowed)).toEqual(expected);
  });
});
