import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertRule, AlertRuleSiteOverrideView, AssignableUser, IncidentCounts, IncidentDetailView, IncidentView, Page, SiteView, StationHealthItem } from '../../http/api-types.js';
import { apiClient, type ApiClient } from '../../test-kit/api.js';
import { sessionFor, type TestSession } from '../../test-kit/auth.js';
import { startTestServer, type TestServer } from '../../test-kit/server.js';
import type { Detection } from './alerts.js';
import { RULE_CATALOG } from './rules/index.js';

let server: TestServer;
let admin: ApiClient;
let viewer: ApiClient;
let tech: TestSession;
/** A shipped rule with a numeric parameter, to edit. */
const rule = RULE_CATALOG.find((r) => Object.values(r.params).some((v) => typeof v === 'number'))!;
const numericParam = Object.entries(rule.params).find(([, v]) => typeof v === 'number')![0];
const other = RULE_CATALOG.find((r) => r.key !== rule.key)!;

beforeAll(async () => {
  server = await startTestServer();
  admin = await apiClient(server, 'admin');
  viewer = await apiClient(server, 'viewer');
  tech = await sessionFor(server, 'technician', 'tess');
});
afterAll(async () => server.close());

const raise = async (stationId: string, d: Partial<Detection> = {}) => {
  await server.services.incidents.raise({ ruleKey: rule.key, subject: { type: 'station', stationId }, at: server.clock.now(), title: `${stationId} problem`, ...d });
  const page = await admin.get<Page<IncidentView>>(`/api/incidents?stationId=${stationId}&state=open,acknowledged,resolved`);
  return page.body.items.at(-1)!;
};
const techCall = async <T>(method: 'GET' | 'POST', url: string, payload?: object) => {
  const res = await server.http.fastify.inject({ method, url, headers: tech.headers, ...(payload ? { payload } : {}) });
  return { status: res.statusCode, body: res.json<T>() };
};
const audited = async (action: string) => (await server.database.db.selectFrom('audit_log').select('target').where('action', '=', action).execute()).map((r) => r.target);

describe('incident routes', () => {
  it('lists unresolved incidents worst first, then oldest first, with filters and cursor paging', async () => {
    await raise('L-1', { severity: 'info' });
    await raise('L-2', { severity: 'critical' });
    await raise('L-3', { severity: 'critical' });
    const all = await admin.get<Page<IncidentView>>('/api/incidents?limit=500');
    const mine = all.body.items.filter((i) => i.stationId?.startsWith('L-'));
    expect(mine.map((i) => i.stationId)).toEqual(['L-2', 'L-3', 'L-1']);
    expect(mine[0]).toMatchObject({ ruleName: rule.name, severity: 'critical', state: 'open' });
    const critical = await viewer.get<Page<IncidentView>>('/api/incidents?severity=critical&limit=1');
    expect(critical.status).toBe(200);
    expect(critical.body.items).toHaveLength(1);
    expect(critical.body.total).toBeGreaterThanOrEqual(2);
    const next = await viewer.get<Page<IncidentView>>(`/api/incidents?severity=critical&limit=1&cursor=${critical.body.nextCursor}`);
    expect(next.body.items[0]!.id).not.toBe(critical.body.items[0]!.id);
    expect((await admin.get<Page<IncidentView>>(`/api/incidents?ruleKey=${other.key}`)).body.items).toEqual([]);
  });

  it('answers 400 for bad filters and cursors', async () => {
    expect((await admin.get('/api/incidents?state=closed')).status).toBe(400);
    expect((await admin.get('/api/incidents?severity=urgent')).status).toBe(400);
    expect((await admin.get('/api/incidents?cursor=nonsense')).status).toBe(400);
    expect((await admin.get('/api/incidents/abc')).status).toBe(400);
    expect((await admin.get('/api/incidents/999999')).status).toBe(404);
  });

  it('acknowledges, notes, assigns and resolves with the caller as actor, audited; viewers may only read', async () => {
    const incident = await raise('A-1');
    expect((await viewer.post(`/api/incidents/${incident.id}/acknowledge`)).status).toBe(403);
    const ack = await techCall<IncidentView>('POST', `/api/incidents/${incident.id}/acknowledge`);
    expect(ack).toMatchObject({ status: 200, body: { state: 'acknowledged', acknowledgedBy: 'tess' } });
    expect((await admin.post(`/api/incidents/${incident.id}/notes`, { text: '  ' })).status).toBe(400);
    expect((await admin.post(`/api/incidents/${incident.id}/notes`, { text: 'site called' })).status).toBe(200);
    expect((await admin.post(`/api/incidents/${incident.id}/assign`, { userId: 'nobody' })).status).toBe(400);
    const assigned = await admin.post<IncidentView>(`/api/incidents/${incident.id}/assign`, { userId: tech.id });
    expect(assigned.body).toMatchObject({ assigneeId: tech.id, assigneeName: 'tess' });
    const mine = await techCall<Page<IncidentView>>('GET', '/api/incidents?mine=true');
    expect(mine.body.items.map((i) => i.id)).toEqual([incident.id]);
    expect((await admin.post(`/api/incidents/${incident.id}/resolve`, {})).status).toBe(400);
    expect((await admin.post(`/api/incidents/${incident.id}/resolve`, { note: '' })).status).toBe(400);
    expect((await admin.get<IncidentDetailView>(`/api/incidents/${incident.id}`)).body.incident.state).toBe('acknowledged');
    const resolved = await admin.post<IncidentView>(`/api/incidents/${incident.id}/resolve`, { note: 'cable replaced' });
    expect(resolved.body).toMatchObject({ state: 'resolved', resolutionNote: 'cable replaced', autoResolved: false });
    expect((await admin.post(`/api/incidents/${incident.id}/resolve`, { note: 'again' })).status).toBe(409);
    const detail = await viewer.get<IncidentDetailView>(`/api/incidents/${incident.id}`);
    // Notifications may add their own entries in between; the operator's actions are there, in order.
    expect(detail.body.timeline.map((t) => t.kind).filter((k) => k !== 'notified')).toEqual(['opened', 'acknowledged', 'note', 'assigned', 'resolved']);
    for (const action of ['incident.acknowledged', 'incident.noted', 'incident.assigned', 'incident.resolved']) expect(await audited(action)).toContain(String(incident.id));
  });

  it('counts unresolved incidents by state and severity', async () => {
    const counts = await viewer.get<IncidentCounts>('/api/incident-counts');
    const openIncidents = (await admin.get<Page<IncidentView>>('/api/incidents?state=open&limit=500')).body.items;
    expect(counts.body.openTotal).toBe(openIncidents.length);
    expect(counts.body.open.critical).toBe(openIncidents.filter((i) => i.severity === 'critical').length);
  });

  it('lists station health: open count, worst severity, last fault', async () => {
    await raise('H-1', { severity: 'warning' });
    const incident = await raise('H-2', { severity: 'critical' });
    await admin.post(`/api/incidents/${incident.id}/resolve`, { note: 'fixed' });
    const health = await viewer.get<Page<StationHealthItem>>('/api/health/stations?limit=500');
    const h1 = health.body.items.find((i) => i.stationId === 'H-1');
    const h2 = health.body.items.find((i) => i.stationId === 'H-2');
    expect(h1).toMatchObject({ openIncidents: 1, worstSeverity: 'warning', incidents30d: 1 });
    expect(h2).toMatchObject({ openIncidents: 0, worstSeverity: null, incidents30d: 1 });
    expect(health.body.items.indexOf(h1!)).toBeLessThan(health.body.items.indexOf(h2!));
    expect((await viewer.get('/api/health/stations?cursor=bad')).status).toBe(400);
  });

  it('lists assignable users for those who may assign', async () => {
    const users = await techCall<AssignableUser[]>('GET', '/api/users/assignable');
    expect(users.body.map((u) => u.username)).toContain('tess');
    expect(users.body.every((u) => ['admin', 'operator', 'technician'].includes(u.role))).toBe(true);
    expect((await viewer.get('/api/users/assignable')).status).toBe(403);
  });
});

describe('alert rule routes', () => {
  let site: SiteView;
  beforeAll(async () => {
    site = (await admin.post<SiteView>('/api/sites', { name: 'Depot' })).body;
  });

  it('lists the catalog with settings and defaults', async () => {
    const rules = await viewer.get<AlertRule[]>('/api/alert-rules');
    expect(rules.body.map((r) => r.key)).toEqual(RULE_CATALOG.map((r) => r.key));
    expect(rules.body.find((r) => r.key === rule.key)).toMatchObject({ enabled: true, severity: rule.severity, params: rule.params, defaults: { params: rule.params } });
  });

  it('changes a rule; bad changes are 400 and store nothing', async () => {
    const url = `/api/alert-rules/${rule.key}`;
    expect((await viewer.put(url, { enabled: false })).status).toBe(403);
    expect((await admin.put(url, { params: { noSuchParam: 1 } })).body).toMatchObject({ error: { message: expect.stringContaining('noSuchParam') } });
    expect((await admin.put(url, { enabled: false, params: { [numericParam]: 'many' } })).status).toBe(400);
    expect((await admin.put(url, { enabled: false, severity: 'urgent' })).status).toBe(400);
    expect((await admin.put(url, { enabled: false, remediation: { enabled: true, steps: [{ action: 'soft_reset', afterS: 300 }, { action: 'hard_reset', afterS: 60 }] } })).status).toBe(400);
    expect((await admin.put(url, { enabled: false, channels: ['pager'] })).status).toBe(400);
    expect(server.services.ruleSettings.settingsFor(rule.key, null).enabled).toBe(true);
    const changed = await admin.put<AlertRule>(url, { enabled: false, severity: 'critical', escalateAfterMin: 15, params: { [numericParam]: 7 }, channels: ['email'] });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ enabled: false, severity: 'critical', escalateAfterMin: 15, params: { ...rule.params, [numericParam]: 7 }, channels: ['email'] });
    expect(server.services.ruleSettings.settingsFor(rule.key, null)).toMatchObject({ enabled: false, params: { [numericParam]: 7 } });
    expect((await admin.put('/api/alert-rules/no.such.rule', { enabled: false })).status).toBe(404);
    expect(await audited('alert_rule.updated')).toContain(rule.key);
    await admin.put(url, { enabled: true });
  });

  it('sets, reads and removes a site\'s overrides', async () => {
    const url = `/api/alert-rules/${rule.key}/sites/${site.id}`;
    expect((await admin.get(url)).status).toBe(404);
    expect((await admin.put(url, { params: { nope: 1 } })).status).toBe(400);
    expect((await admin.put(`/api/alert-rules/${rule.key}/sites/00000000-0000-4000-8000-000000000000`, { enabled: false })).status).toBe(404);
    const set = await admin.put<AlertRuleSiteOverrideView>(url, { enabled: false, severity: null, params: { [numericParam]: 99 } });
    expect(set.body).toMatchObject({ ruleKey: rule.key, siteId: site.id, enabled: false, severity: null, params: { [numericParam]: 99 } });
    expect((await viewer.get<AlertRuleSiteOverrideView>(url)).body.enabled).toBe(false);
    expect(server.services.ruleSettings.settingsFor(rule.key, site.id)).toMatchObject({ enabled: false, params: { [numericParam]: 99 } });
    expect((await admin.delete(url)).status).toBe(204);
    expect((await admin.get(url)).status).toBe(404);
    expect(server.services.ruleSettings.settingsFor(rule.key, site.id).enabled).toBe(true);
  });

  it('switches remediation off and on for a site', async () => {
    const url = `/api/sites/${site.id}/remediation`;
    expect((await admin.put(url, {})).status).toBe(400);
    expect((await admin.put(url, { enabled: false })).body).toEqual({ siteId: site.id, enabled: false });
    expect(server.services.ruleSettings.settingsFor(rule.key, site.id).remediationAllowed).toBe(false);
    expect((await viewer.get(url)).body).toEqual({ siteId: site.id, enabled: false });
    await admin.put(url, { enabled: true });
    expect(server.services.ruleSettings.settingsFor(rule.key, site.id).remediationAllowed).toBe(true);
    expect((await admin.put('/api/sites/00000000-0000-4000-8000-000000000000/remediation', { enabled: false })).status).toBe(404);
  });
});
