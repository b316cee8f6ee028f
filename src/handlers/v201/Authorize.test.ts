import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCoreKit, type CoreKit } from '../../test-kit/core.js';
import { Authorize } from './Authorize.js';

let kit: CoreKit;
beforeAll(async () => {
  kit = await createCoreKit({ unknownTokens: 'reject' });
  await kit.connect('CS-A', '2.0.1');
  await kit.tokens.add({ token: 'CARD2001', groupId: 'FLEET', expiresAt: '2027-01-01T00:00:00Z' });
  await kit.tokens.add({ token: 'CARD2002', status: 'invalid' });
});
afterAll(async () => {
  await kit.close();
});

describe('2.0.1 Authorize', () => {
  it('answers Accepted with cache expiry and group token', async () => {
    expect(await kit.handle('2.0.1', 'Authorize', Authorize, 'CS-A', { idToken: { idToken: 'card2001', type: 'ISO14443' } })).toEqual({
      idTokenInfo: { status: 'Accepted', cacheExpiryDateTime: '2027-01-01T00:00:00.000Z', groupIdToken: { idToken: 'FLEET', type: 'Central' } },
    });
  });

  it('answers Invalid for a token stored as invalid, and Unknown for one not stored', async () => {
    expect(await kit.handle('2.0.1', 'Authorize', Authorize, 'CS-A', { idToken: { idToken: 'CARD2002', type: 'ISO14443' } })).toEqual({ idTokenInfo: { status: 'Invalid' } });
    expect(await kit.handle('2.0.1', 'Authorize', Authorize, 'CS-A', { idToken: { idToken: 'NOBODY', type: 'KeyCode' } })).toEqual({ idTokenInfo: { status: 'Unknown' } });
  });
});
