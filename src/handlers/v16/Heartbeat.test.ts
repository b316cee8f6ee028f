import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCoreKit, type CoreKit } from '../../test-kit/core.js';
import { Heartbeat } from './Heartbeat.js';

let kit: CoreKit;
beforeAll(async () => {
  kit = await createCoreKit();
  await kit.connect('CP-H');
});
afterAll(async () => {
  await kit.close();
});

describe('1.6 Heartbeat', () => {
  it('answers the server time and counts as activity', async () => {
    kit.clock.advance(120_000);
    expect(await kit.handle('1.6', 'Heartbeat', Heartbeat, 'CP-H', {})).toEqual({ currentTime: kit.clock.now().toISOString() });
    await kit.committer.flush();
    const row = await kit.database.db.selectFrom('stations').where('id', '=', 'CP-H').select('last_seen_at').executeTakeFirstOrThrow();
    expect(row.last_seen_at).toEqual(kit.clock.now());
  });
});
