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
