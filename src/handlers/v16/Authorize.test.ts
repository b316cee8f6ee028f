import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCoreKit, type CoreKit } from '../../test-kit/core.js';
import { Authorize } from './Authorize.js';

let kit: CoreKit;
beforeAll(async () => {
  kit = await createCoreKit({ unknownTokens: 'reject' });
  await kit.connect('CP-A');
  await kit.tokens.add({ token: 'CARD0001', groupId: 'FLEET', expiresAt: '2027-01-01T00:00:00Z' });
  await kit.tokens.add({ token: 'CARD0002', status: 'blocked', groupId: 'A-GROUP-LONGER-THAN-20-CHARS' });
});
afterAll(async () => {
  await kit.close();
});

describe('1.6 Authorize', () => {
  it('answers Accepted with expiry and parent idTag for a known token', async () => {
    expect(await kit.handle('1.6', 'Authorize', Authorize, 'CP-A', { idTag: 'card0001' })).toEqual({
      idTagInfo: { status: 'Accepted', expiryDate: '2027-01-01T00:00:00.000Z', parentIdTag: 'FLEET' },
    });
  });

  it('answers Blocked, leaving out a group id too long for a 1.6 parentIdTag', async () => {
    expect(await kit.handle('1.6', 'Authorize', Authorize, 'CP-A', { idTag: 'CARD0002' })).toEqual({ idTagInfo: { status: 'Blocked' } });
  });

  it('answers Invalid for an unknown token (1.6 has no Unknown)', async () => {
    expect(await kit.handle('1.6', 'Authorize', Authorize, 'CP-A', { idTag: 'NOBODY' })).toEqual({ idTagInfo: { status: 'Invalid' } });
  });
});
