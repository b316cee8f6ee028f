import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messageLogChannel, type LoggedExchange } from '../../db/message-log.js';
import { createTestDatabase, type TestDatabase } from '../../test-kit/db.js';
import { queryMessages, type MessageCursor } from './station-records-repository.js';

let t: TestDatabase;
const T0 = Date.now() - 60_000;
const at = (ms: number) => new Date(T0 + ms).toISOString();

/** Two exchanges of the station's CALLs, one of ours with the station's answer, and an unreadable frame. */
const rows: LoggedExchange[] = [
  { atMs: T0, stationId: 'LOG-1', direction: 'in', messageType: 2, messageId: 'm1', action: 'Heartbeat', text: '[2,"m1","Heartbeat",{}]', answer: { atMs: T0 + 5, messageType: 3, text: '[3,"m1",{}]' } },
  { atMs: T0 + 10, stationId: 'LOG-1', direction: 'out', messageType: 2, messageId: 'c1', action: 'Reset', text: '[2,"c1","Reset",{}]' },
  { atMs: T0 + 12, stationId: 'LOG-1', direction: 'in', messageType: 3, messageId: 'c1', action: 'Reset', text: '[3,"c1",{}]' },
  { atMs: T0 + 20, stationId: 'LOG-1', direction: 'in', messageType: 2, messageId: 'm2', action: 'MeterValues', text: '[2,"m2","MeterValues",{}]', answer: { atMs: T0 + 20, messageType: 4, text: '[4,"m2","InternalError","",{}]' } },
  { atMs: T0 + 30, stationId: 'LOG-1', direction: 'in', text: 'not json' },
  { atMs: T0, stationId: 'LOG-2', direction: 'in', messageType: 2, messageId: 'x', action: 'Heartbeat', text: '[2,"x","Heartbeat",{}]', answer: { atMs: T0 + 1, messageType: 3, text: '[3,"x",{}]' } },
];

beforeAll(async () => {
  t = await createTestDatabase();
  const client = await t.pool.connect();
  try {
    await messageLogChannel.write(client, rows);
  } finally {
    client.release();
  }
});
afterAll(async () => {
  await t.close();
});

describe('queryMessages', () => {
  it('reads a CALL and its answer as two frames, every frame newest first', async () => {
    const page = await queryMessages(t.db, 'LOG-1', { limit: 100 });
    expect(page.items.map((m) => `${m.at} ${m.direction} ${m.messageType} ${m.messageId} ${m.frame}`)).toEqual([
      `${at(30)} in null null not json`,
      `${at(20)} out 4 m2 [4,"m2","InternalError","",{}]`,
      `${at(20)} in 2 m2 [2,"m2","MeterValues",{}]`,
      `${at(12)} in 3 c1 [3,"c1",{}]`,
      `${at(10)} out 2 c1 [2,"c1","Reset",{}]`,
      `${at(5)} out 3 m1 [3,"m1",{}]`,
      `${at(0)} in 2 m1 [2,"m1","Heartbeat",{}]`,
    ]);
    expect(page.items.find((m) => m.messageId === 'm1' && m.direction === 'out')!.action).toBe('Heartbeat');
    expect(page).toMatchObject({ total: 7, totalIsEstimate: false, next: null });
  });

  it('pages frame by frame with the cursor, including two frames at one instant', async () => {
    const seen: string[] = [];
    let after: MessageCursor | undefined;
    for (;;) {
      const page = await queryMessages(t.db, 'LOG-1', { limit: 1, after });
      seen.push(...page.items.map((m) => `${m.messageId} ${m.direction}`));
      if (!page.next) break;
      after = page.next;
    }
    expect(seen).toEqual(['null in', 'm2 out', 'm2 in', 'c1 in', 'c1 out', 'm1 out', 'm1 in']);
  });

  it('filters frames by direction, action and time', async () => {
    const outs = await queryMessages(t.db, 'LOG-1', { direction: 'out', limit: 100 });
    expect(outs.items.map((m) => `${m.messageId} ${m.messageType}`)).toEqual(['m2 4', 'c1 2', 'm1 3']);
    const heartbeats = await queryMessages(t.db, 'LOG-1', { action: 'Heartbeat', limit: 100 });
    expect(heartbeats.items.map((m) => m.direction)).toEqual(['out', 'in']);
    // The answer to m1 falls inside the range, its CALL before it.
    const window = await queryMessages(t.db, 'LOG-1', { from: new Date(T0 + 1), to: new Date(T0 + 12), limit: 100 });
    expect(window.items.map((m) => `${m.messageId} ${m.direction}`)).toEqual(['c1 out', 'm1 out']);
    expect(window.total).toBe(2);
  });
});
