import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProfileMoveResult, StationDetail } from '../../http/api-types.js';
import { createCertificateCommands } from '../../handlers/certificate-commands.js';
import { createStationCommands } from '../../handlers/commands.js';
import { SimStation } from '../../sim/index.js';
import { apiClient, type ApiClient } from '../../test-kit/api.js';
import { createCoreKit, type CoreKit } from '../../test-kit/core.js';
import { silentLogger } from '../../test-kit/logger.js';
import { startTestServer, type TestServer } from '../../test-kit/server.js';
import { FakeStationLink } from '../../test-kit/station-link.js';
import { testStationOptions } from '../../test-kit/test-csms.js';
import { ProfileMover } from './profile-mover.js';

const PASSWORD = 'a-long-station-password-1';

describe.each(['1.6', '2.0.1'] as const)('moving a simulated OCPP %s station to security profile 1', (version) => {
  const id = `MOVE-${version.replaceAll('.', '')}`;
  let server: TestServer;
  let admin: ApiClient;
  let sim: SimStation;

  beforeAll(async () => {
    server = await startTestServer({ profileMoveTimeout: 20 });
    admin = await apiClient(server, 'admin');
    sim = new SimStation(testStationOptions(server.stationUrl, id, version));
    await sim.start();
  });
  afterAll(async () => {
    await sim.stop();
    await server.close();
  });

  it('sets the password first, switches, waits for the reconnect with the new profile, then raises our minimum', async () => {
    expect((await admin.post(`/api/stations/${id}/security-profile`, { profile: 2 })).status).toBe(400);
    const moved = await admin.post<ProfileMoveResult>(`/api/stations/${id}/security-profile`, { profile: 1, password: PASSWORD });
    expect(moved.status).toBe(200);
    const steps = moved.body.steps.map((s) => [s.step, s.answer]);
    const switchSteps = version === '1.6'
      ? [['switch', 'Accepted']]
      : [['read-priority', '0'], ['network-profile', 'Accepted'], ['priority', 'Accepted'], ['reset', 'Accepted']];
    expect(steps).toEqual([['password', 'Accepted'], ['store-password', 'done'], ...switchSteps, ['reconnect', 'profile 1'], ['raise-minimum', 'done']]);
    expect(moved.body.ok).toBe(true);
    expect(sim.security.profile).toBe(1);
    const station = (await admin.get<StationDetail>(`/api/stations/${id}`)).body;
    expect(station).toMatchObject({ securityProfile: 1, requiredSecurityProfile: 1, hasPassword: true, online: true });
  });

  it('stops before switching to profile 3 while the station has no client certificate of ours', async () => {
    const moved = await admin.post<ProfileMoveResult>(`/api/stations/${id}/security-profile`, { profile: 3 });
    expect(moved.body).toEqual({ ok: false, profile: 3, steps: [{ step: 'client-certificate', request: 'client certificate from our CA', ok: false, answer: 'missing' }] });
    expect(sim.security.profile).toBe(1);
  });
});

describe('a failed step stops the move', () => {
  let kit: CoreKit;
  const link = new FakeStationLink({ 'FAIL-16': '1.6', 'FAIL-201': '2.0.1' });
  let mover: ProfileMover;

  beforeAll(async () => {
    kit = await createCoreKit();
    await kit.connect('FAIL-16', '1.6');
    await kit.connect('FAIL-201', '2.0.1');
    mover = new ProfileMover({
      bus: kit.bus, clock: kit.clock, logger: silentLogger, stations: kit.stations, commands: createStationCommands(link), certificateCommands: createCertificateCommands(link),
      hasClientCertificate: (stationId) => kit.certificates.hasClientCertificate(stationId),
      minimumProfile: { get: async (stationId) => (await kit.stations.get(stationId)).requiredSecurityProfile, set: async (stationId, profile) => void (await kit.stations.update(stationId, { securityProfile: profile })) },
      csmsUrl: () => 'wss://csms.example/ocpp', reconnectTimeoutMs: 5_000,
    });
  });
  afterAll(async () => kit.close());

  it('1.6: a refused SecurityProfile leaves the minimum alone and sends nothing more', async () => {
    link.answer('ChangeConfiguration', (p) => ({ status: p.key === 'SecurityProfile' ? 'Rejected' : 'Accepted' }));
    const result = await mover.move('FAIL-16', { profile: 2, password: PASSWORD });
    expect(result.ok).toBe(false);
    expect(result.steps.map((s) => [s.step, s.ok, s.answer])).toEqual([['password', true, 'Accepted'], ['store-password', true, 'done'], ['switch', false, 'Rejected']]);
    expect(link.calls.map((c) => `${c.action} ${String(c.payload.key)}`)).toEqual(['ChangeConfiguration AuthorizationKey', 'ChangeConfiguration SecurityProfile']);
    expect((await kit.stations.get('FAIL-16')).requiredSecurityProfile).toBe(0);
  });

  it('2.0.1: a refused password is the first and last step', async () => {
    link.calls.length = 0;
    link.answer('SetVariables', (p) => ({ setVariableResult: (p.setVariableData as Array<{ component: object; variable: object }>).map((d) => ({ component: d.component, variable: d.variable, attributeStatus: 'Rejected' })) }));
    const result = await mover.move('FAIL-201', { profile: 2, password: PASSWORD });
    expect(result).toMatchObject({ ok: false, steps: [{ step: 'password', request: 'SetVariables SecurityCtrlr.BasicAuthPassword', ok: false, answer: 'Rejected' }] });
    expect(link.calls.map((c) => c.action)).toEqual(['SetVariables']);
    expect((await kit.stations.get('FAIL-201')).hasPassword).toBe(false);
  });

  it('2.0.1: a station that does not take the network profile stops the move before the priority and the reset', async () => {
    link.calls.length = 0;
    link.answer('SetVariables', (p) => ({ setVariableResult: (p.setVariableData as Array<{ component: object; variable: object }>).map((d) => ({ component: d.component, variable: d.variable, attributeStatus: 'Accepted' })) }));
    link.answer('GetVariables', (p) => ({ getVariableResult: (p.getVariableData as Array<{ component: object; variable: object }>).map((d) => ({ ...d, attributeStatus: 'Accepted', attributeValue: '0,1' })) }));
    link.answer('SetNetworkProfile', { status: 'Rejected' });
    const result = await mover.move('FAIL-201', { profile: 2, password: PASSWORD });
    expect(result.steps.map((s) => [s.step, s.answer])).toEqual([['password', 'Accepted'], ['store-password', 'done'], ['read-priority', '0,1'], ['network-profile', 'Rejected']]);
    expect(result.steps.at(-1)!.request).toBe('SetNetworkProfile slot 2 (profile 2, wss://csms.example/ocpp)');
    expect(link.calls.map((c) => c.action)).toEqual(['SetVariables', 'GetVariables', 'SetNetworkProfile']);
  });

  it('a station that goes away mid-move is a failed step, not an error', async () => {
    link.calls.length = 0;
    link.disconnect('FAIL-16');
    const result = await mover.move('FAIL-16', { profile: 2, password: PASSWORD });
    expect(result).toMatchObject({ ok: false, steps: [{ step: 'password', ok: false, answer: null, detail: expect.stringContaining('not connected') }] });
  });
});
