import { describe, expect, it } from 'vitest';
import { MESSAGE_PAIR_WINDOW_MS, MessageLogWriter, type LoggedExchange, type LoggedFrame } from './message-log.js';

function writer(): { log: MessageLogWriter; rows: LoggedExchange[] } {
  const rows: LoggedExchange[] = [];
  return { log: new MessageLogWriter((r) => rows.push(...r)), rows };
}

const call = (stationId: string, id: string, atMs: number): LoggedFrame => ({ atMs, stationId, direction: 'in', messageType: 2, messageId: id, action: 'MeterValues', text: `[2,"${id}","MeterValues",{}]` });
const answer = (stationId: string, id: string, atMs: number, messageType = 3): LoggedFrame => ({ atMs, stationId, direction: 'out', messageType, messageId: id, action: 'MeterValues', text: `[${messageType},"${id}",{}]` });

describe('MessageLogWriter', () => {
  it('writes a station CALL and our answer to it as one row, once the answer goes out', () => {
    const { log, rows } = writer();
    log.frame(call('CP-1', 'a', 1_000));
    log.frame(call('CP-2', 'a', 1_001));
    expect(rows).toEqual([]);
    log.frame(answer('CP-1', 'a', 1_020));
    log.frame(answer('CP-2', 'a', 1_030, 4));
    expect(rows).toEqual([
      { ...call('CP-1', 'a', 1_000), answer: { atMs: 1_020, messageType: 3, text: '[3,"a",{}]' } },
      { ...call('CP-2', 'a', 1_001), answer: { atMs: 1_030, messageType: 4, text: '[4,"a",{}]' } },
    ]);
    expect(log.heldCount).toBe(0);
  });

  it('writes other frames as they come: our CALLs, station answers, unreadable frames, answers to nothing held', () => {
    const { log, rows } = writer();
    const ours: LoggedFrame = { atMs: 1, stationId: 'CP-1', direction: 'out', messageType: 2, messageId: 'x', action: 'Reset', text: '[2,"x","Reset",{}]' };
    const theirs: LoggedFrame = { atMs: 2, stationId: 'CP-1', direction: 'in', messageType: 3, messageId: 'x', action: 'Reset', text: '[3,"x",{}]' };
    const unreadable: LoggedFrame = { atMs: 3, stationId: 'CP-1', direction: 'in', text: 'not json' };
    const stray = answer('CP-1', 'zzz', 4, 4);
    for (const f of [ours, theirs, unreadable, stray]) log.frame(f);
    expect(rows).toEqual([ours, theirs, unreadable, stray]);
  });

  it('writes a CALL alone when its station goes before the answer, when the answer comes too late, and at flush', () => {
    const { log, rows } = writer();
    log.frame(call('CP-1', 'a', 1_000));
    log.frame(call('CP-2', 'b', 1_000));
    log.frame(call('CP-3', 'c', 1_000));
    log.stationGone('CP-1');
    expect(rows).toEqual([call('CP-1', 'a', 1_000)]);
    log.frame(answer('CP-2', 'b', 1_000 + MESSAGE_PAIR_WINDOW_MS + 1));
    expect(rows.slice(1)).toEqual([call('CP-2', 'b', 1_000), answer('CP-2', 'b', 1_000 + MESSAGE_PAIR_WINDOW_MS + 1)]);
    log.flush();
    expect(rows.slice(3)).toEqual([call('CP-3', 'c', 1_000)]);
    expect(log.heldCount).toBe(0);
  });

  it('writes the earlier CALL alone when a station reuses its message id before the answer', () => {
    const { log, rows } = writer();
    log.frame(call('CP-1', 'a', 1_000));
    log.frame(call('CP-1', 'a', 1_500));
    log.frame(answer('CP-1', 'a', 1_510));
    expect(rows).toEqual([call('CP-1', 'a', 1_000), { ...call('CP-1', 'a', 1_500), answer: { atMs: 1_510, messageType: 3, text: '[3,"a",{}]' } }]);
  });

  it('pairs several CALLs a station sent before our answers, in whatever order the answers go', () => {
    const { log, rows } = writer();
    log.frame(call('CP-1', 'a', 1_000));
    log.frame(call('CP-1', 'b', 1_001));
    log.frame(call('CP-1', 'c', 1_002));
    expect(log.heldCount).toBe(3);
    log.frame(answer('CP-1', 'b', 1_010));
    log.frame(answer('CP-1', 'a', 1_011));
    log.frame(call('CP-1', 'd', 1_012));
    log.frame(answer('CP-1', 'd', 1_013));
    expect(rows.map((r) => [r.messageId, r.answer?.atMs])).toEqual([['b', 1_010], ['a', 1_011], ['d', 1_013]]);
    expect(log.heldCount).toBe(1);
    log.stationGone('CP-1');
    expect(rows.at(-1)).toEqual(call('CP-1', 'c', 1_002));
    expect(log.heldCount).toBe(0);
  });
});
