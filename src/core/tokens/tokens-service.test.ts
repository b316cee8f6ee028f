import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConflictError, NotFoundError, ValidationError } from '../shared/app-error.js';
import { createCoreKit, type CoreKit } from '../../test-kit/core.js';

let kit: CoreKit;
beforeAll(async () => {
  kit = await createCoreKit({ unknownTokens: 'reject' });
});
afterAll(async () => {
  await kit.close();
});

const ctx = { stationId: 'TK-1' };

describe('authorize', () => {
  it('accepts a known token regardless of case, with its group and expiry', async () => {
    const expiresAt = new Date('2026-06-01T00:00:00Z');
    await kit.tokens.add({ token: 'AB12CD34', groupId: 'FLEET-1', expiresAt });
    expect(await kit.tokens.authorize('ab12cd34', ctx)).toEqual({ status: 'Accepted', groupId: 'FLEET-1', expiresAt, known: true });
  });

  it('answers Blocked, Invalid and Expired by status, and Expired past the expiry date', async () => {
    await kit.tokens.add({ token: 'BLOCKED1', status: 'blocked' });
    await kit.tokens.add({ token: 'INVALID1', status: 'invalid' });
    await kit.tokens.add({ token: 'OLDCARD1', status: 'expired' });
    await kit.tokens.add({ token: 'SOONGONE', expiresAt: '2026-01-01T00:01:00Z' });
    expect((await kit.tokens.authorize('BLOCKED1', ctx)).status).toBe('Blocked');
    expect((await kit.tokens.authorize('INVALID1', ctx)).status).toBe('Invalid');
    expect((await kit.tokens.authorize('OLDCARD1', ctx)).status).toBe('Expired');
    expect((await kit.tokens.authorize('SOONGONE', ctx)).status).toBe('Accepted');
    kit.clock.advance(60_000);
    expect((await kit.tokens.authorize('SOONGONE', ctx)).status).toBe('Expired');
  });

  it('follows the unknown-token policy', async () => {
    expect(await kit.tokens.authorize('NEVERSEEN', ctx)).toEqual({ status: 'Invalid', known: false });
    const open = await createCoreKit({ unknownTokens: 'accept' });
    try {
      expect(await open.tokens.authorize('NEVERSEEN', ctx)).toEqual({ status: 'Accepted', known: false });
    } finally {
      await open.close();
    }
  });
});

describe('token management', () => {
  it('adds, lists, blocks and removes tokens, with events', async () => {
    const added = await kit.tokens.add({ token: 'MGMT0001', type: 'KeyCode', label: 'Alice' });
    expect(added).toMatchObject({ token: 'MGMT0001', type: 'KeyCode', status: 'accepted', label: 'Alice', expiresAt: null });
    await expect(kit.tokens.add({ token: 'mgmt0001' })).rejects.toThrow(ConflictError);
    expect((await kit.tokens.list({ search: 'alice' })).items.map((t) => t.token)).toEqual(['MGMT0001']);
    expect((await kit.tokens.setStatus('mgmt0001', 'blocked')).status).toBe('blocked');
    expect((await kit.tokens.list({ status: 'blocked' })).items.map((t) => t.token)).toEqual(['BLOCKED1', 'MGMT0001']);
    await kit.tokens.remove('Mgmt0001');
    await expect(kit.tokens.get('MGMT0001')).rejects.toThrow(NotFoundError);
    await expect(kit.tokens.remove('MGMT0001')).rejects.toThrow(NotFoundError);
    await expect(kit.tokens.setStatus('MGMT0001', 'accepted')).rejects.toThrow(NotFoundError);
    expect(kit.events.filter((e) => e.type.startsWith('token.') && e.data.token === 'MGMT0001').map((e) => e.type)).toEqual(['token.added', 'token.status', 'token.removed']);
  });

  it('refuses malformed tokens', async () => {
    await expect(kit.tokens.add({ token: '' })).rejects.toThrow(ValidationError);
    await expect(kit.tokens.add({ token: 'x'.repeat(37) })).rejects.toThrow(ValidationError);
    await expect(kit.tokens.add({ token: 'OK1', type: 'Magic' })).rejects.toThrow(ValidationError);
    await expect(kit.tokens.add({ token: 'OK1', expiresAt: 'tomorrow' })).rejects.toThrow(ValidationError);
  });
});

describe('token rules per OCPP type', () => {
  const cases: Array<[type: string, token: string, ok: boolean]> = [
    ['ISO14443', '04A2B3C4D5E6F7', true],
    ['ISO14443', 'PRINTED-CARD-1', true],
    ['ISO14443', 'x'.repeat(36), true],
    ['ISO14443', 'x'.repeat(37), false],
    ['ISO14443', 'tab\tinside', false],
    ['ISO14443', 'naïve', false],
    ['ISO15693', 'E004010012345678', true],
    ['ISO15693', 'E0040100123456', false],
    ['ISO15693', 'E00401001234567G', false],
    ['KeyCode', '4711', true],
    ['KeyCode', '12*#', true],
    ['KeyCode', '123', false],
    ['KeyCode', '12-34', false],
    ['eMAID', 'DE-8AA-1A2B3C4D5-X', true],
    ['eMAID', 'DE8AA1A2B3C4D5', true],
    ['eMAID', 'DE*8AA*1A2B3C4D5', true],
    ['eMAID', 'DE-8AA1A2B3C4D5', false],
    ['eMAID', 'D1-8AA-1A2B3C4D5', false],
    ['MacAddress', '00:1A:2B:3C:4D:5E', true],
    ['MacAddress', '001a2b3c4d5e', true],
    ['MacAddress', '00-1A-2B-3C-4D-5E', true],
    ['MacAddress', '00:1A-2B:3C:4D:5E', false],
    ['MacAddress', '00:1A:2B:3C:4D', false],
    ['Central', 'app-user-7f3c9a12-55e1-4c7e-9d3b-000', true],
    ['Local', 'LOCAL-1', true],
    ['NoAuthorization', 'ANY', false],
  ];
  it.each(cases)('%s %s → %s', async (type, token, ok) => {
    const added = kit.tokens.add({ token, type });
    if (ok) expect((await added).type).toBe(type);
    else await expect(added).rejects.toThrow(ValidationError);
  });

  it('marks tokens longer than a 1.6 idTag (20 characters)', async () => {
    expect((await kit.tokens.add({ token: 'T'.repeat(20), type: 'Central' })).ocpp16).toBe(true);
    expect((await kit.tokens.add({ token: 'T'.repeat(21), type: 'Central' })).ocpp16).toBe(false);
  });
});

describe('limits, groups and drivers', () => {
  it('stores limits, changes and clears them, and refuses bad ones', async () => {
    const added = await kit.tokens.add({ token: 'LIMIT-1', groupId: ' FLEET-9 ', maxConcurrentSessions: 1, monthlyEnergyKwh: 250.5, monthlySessions: 30 });
    expect(added).toMatchObject({ groupId: 'FLEET-9', maxConcurrentSessions: 1, monthlyEnergyKwh: 250.5, monthlySessions: 30, driverId: null });
    expect(await kit.tokens.update('limit-1', { monthlyEnergyKwh: null, maxConcurrentSessions: 2, groupId: null })).toMatchObject({ maxConcurrentSessions: 2, monthlyEnergyKwh: null, monthlySessions: 30, groupId: null });
    for (const bad of [{ maxConcurrentSessions: 0 }, { maxConcurrentSessions: 1.5 }, { monthlySessions: -1 }, { monthlyEnergyKwh: Number.NaN }, { groupId: 'g'.repeat(37) }]) {
      await expect(kit.tokens.update('LIMIT-1', bad)).rejects.toThrow(ValidationError);
    }
    await expect(kit.tokens.update('LIMIT-1', { driverId: 'no-such-driver' })).rejects.toThrow(ValidationError);
    expect((await kit.tokens.get('LIMIT-1')).maxConcurrentSessions).toBe(2);
  });

  it('lists by type, group and driver, and counts groups', async () => {
    await kit.tokens.add({ token: 'GRP-A1', groupId: 'Depot' });
    await kit.tokens.add({ token: 'GRP-A2', groupId: 'DEPOT', type: 'Central' });
    expect((await kit.tokens.list({ group: 'depot' })).items.map((t) => t.token)).toEqual(['GRP-A1', 'GRP-A2']);
    expect((await kit.tokens.list({ group: 'depot', type: 'Central' })).items.map((t) => t.token)).toEqual(['GRP-A2']);
    expect((await kit.tokens.groups()).find((g) => g.groupId.toUpperCase() === 'DEPOT')?.tokens).toBe(2);
    expect((await kit.tokens.list({ driverId: 'none', group: 'depot' })).total).toBe(2);
  });

  it('publishes token events with what a local list needs', async () => {
    await kit.tokens.add({ token: 'EVT-1', type: 'Central', groupId: 'G1', expiresAt: '2027-01-01T00:00:00Z' });
    await kit.tokens.setStatus('EVT-1', 'blocked');
    await kit.tokens.update('EVT-1', { label: 'x' });
    await kit.tokens.remove('EVT-1');
    const mine = kit.events.filter((e) => e.type.startsWith('token.') && e.data.token === 'EVT-1');
    expect(mine.map((e) => e.type)).toEqual(['token.added', 'token.status', 'token.updated', 'token.removed']);
    for (const e of mine) expect(e.data).toMatchObject({ type: 'Central', groupId: 'G1', expiresAt: '2027-01-01T00:00:00.000Z', driverId: null });
    expect(mine.map((e) => e.data.status)).toEqual(['accepted', 'blocked', 'blocked', 'blocked']);
  });
});

describe('usage from sessions', () => {
  it('counts sessions and energy per calendar month, and the running sessions', async () => {
    await kit.connect('USE-ST');
    await kit.tokens.add({ token: 'USAGE-1' });
    let n = 0;
    const session = (token: string, startedAt: string, energyWh: number, state: 'active' | 'completed' = 'completed') => kit.database.db.insertInto('sessions').values({
      station_id: 'USE-ST', transaction_ref: `u-${++n}`, protocol: '1.6', evse_id: 1, connector_id: 1, id_token: token, state, started_at: new Date(startedAt), energy_wh: energyWh,
    }).execute();
    await session('USAGE-1', '2025-12-31T23:30:00Z', 5000); // December in UTC, January in Berlin
    await session('usage-1', '2026-01-02T10:00:00Z', 12_000);
    await session('USAGE-1', '2026-01-20T10:00:00Z', 3_500, 'active');
    await session('USAGE-1', '2026-02-01T00:00:00Z', 9_000);
    await session('OTHER-1', '2026-01-05T10:00:00Z', 7_000, 'active');
    const at = new Date('2026-01-25T12:00:00Z');
    expect(await kit.tokens.usageThisMonth('Usage-1', at)).toEqual({ from: new Date('2026-01-01T00:00:00Z'), to: new Date('2026-02-01T00:00:00Z'), sessions: 2, energyWh: 15_500 });
    expect(await kit.tokens.usageThisMonth('USAGE-1', at, 'Europe/Berlin')).toMatchObject({ from: new Date('2025-12-31T23:00:00Z'), to: new Date('2026-01-31T23:00:00Z'), sessions: 3, energyWh: 20_500 });
    expect(await kit.tokens.usageThisMonth('NOBODY', at)).toMatchObject({ sessions: 0, energyWh: 0 });
    await expect(kit.tokens.usageThisMonth('USAGE-1', at, 'Mars/Olympus')).rejects.toThrow(ValidationError);
    expect((await kit.tokens.activeSessions('usage-1')).map((s) => ({ stationId: s.stationId, evseId: s.evseId }))).toEqual([{ stationId: 'USE-ST', evseId: 1 }]);
  });
});
