import { describe, expect, it } from 'vitest';
import { applyUpdate, diffLists, fitList, splitUpdate } from './list-diff.js';
import type { ListChange, ListEntry } from './local-lists.js';

const e = (idToken: string, more: Partial<ListEntry> = {}): ListEntry => ({ idToken, type: 'ISO14443', status: 'Accepted', expiresAt: null, groupId: null, ...more });
const tokens = (changes: ListChange[]) => changes.map((c) => `${c.entry ? '+' : '-'}${c.idToken}${c.entry && c.entry.status !== 'Accepted' ? `:${c.entry.status}` : ''}`);

describe('diffLists', () => {
  it.each([
    { name: 'nothing held: every wanted entry is added', held: [], wanted: [e('A'), e('B')], out: ['+A', '+B'] },
    { name: 'same lists: nothing to send', held: [e('A'), e('B')], wanted: [e('B'), e('A')], out: [] },
    { name: 'a token no longer wanted is removed', held: [e('A'), e('B')], wanted: [e('A')], out: ['-B'] },
    { name: 'a blocked token is sent with its new status', held: [e('A')], wanted: [e('A', { status: 'Blocked' })], out: ['+A:Blocked'] },
    { name: 'a new expiry is a change', held: [e('A')], wanted: [e('A', { expiresAt: new Date('2026-05-01T00:00:00Z') })], out: ['+A'] },
    { name: 'the same expiry as another Date object is not', held: [e('A', { expiresAt: new Date('2026-05-01T00:00:00Z') })], wanted: [e('A', { expiresAt: new Date('2026-05-01T00:00:00Z') })], out: [] },
    { name: 'a new group is a change', held: [e('A')], wanted: [e('A', { groupId: 'FLEET' })], out: ['+A'] },
    { name: 'a new type is a change', held: [e('A')], wanted: [e('A', { type: 'KeyCode' })], out: ['+A'] },
    { name: 'case: the same token in another spelling replaces it, not removed', held: [e('abc')], wanted: [e('ABC')], out: ['+ABC'] },
    { name: 'adds, changes and removals come ordered by token', held: [e('C'), e('B')], wanted: [e('D'), e('B', { status: 'Blocked' }), e('A')], out: ['+A', '+B:Blocked', '-C', '+D'] },
    { name: 'everything removed', held: [e('A'), e('B')], wanted: [], out: ['-A', '-B'] },
  ])('$name', ({ held, wanted, out }) => {
    expect(tokens(diffLists(held, wanted))).toEqual(out);
  });

  it('applying the differential to the held list gives the wanted list', () => {
    const held = [e('A'), e('B'), e('C')];
    const wanted = [e('A', { status: 'Blocked' }), e('C'), e('D')];
    const after = applyUpdate(held, { version: 2, kind: 'Differential', changes: diffLists(held, wanted) });
    expect(diffLists(after, wanted)).toEqual([]);
  });
});

describe('fitList', () => {
  it.each([
    { name: 'no limit keeps everything', wanted: [e('B'), e('A')], max: null, len: 20, out: ['A', 'B'], dropped: 0 },
    { name: 'over the limit keeps Accepted before Blocked', wanted: [e('A', { status: 'Blocked' }), e('B'), e('C')], max: 2, len: 20, out: ['B', 'C'], dropped: 1 },
    { name: 'then by token', wanted: [e('C'), e('A'), e('B')], max: 2, len: 20, out: ['A', 'B'], dropped: 1 },
    { name: 'tokens longer than the protocol allows are left out', wanted: [e('X'.repeat(21)), e('A')], max: null, len: 20, out: ['A'], dropped: 1 },
    { name: 'a group longer than the protocol allows too', wanted: [e('A', { groupId: 'G'.repeat(21) }), e('B')], max: null, len: 20, out: ['B'], dropped: 1 },
    { name: 'a zero limit holds nothing', wanted: [e('A')], max: 0, len: 36, out: [], dropped: 1 },
  ])('$name', ({ wanted, max, len, out, dropped }) => {
    const fitted = fitList(wanted, { maxEntries: max, maxTokenLength: len });
    expect(fitted.entries.map((x) => x.idToken)).toEqual(out);
    expect(fitted.dropped).toBe(dropped);
  });
});

describe('splitUpdate', () => {
  const changes = (n: number): ListChange[] => Array.from({ length: n }, (_, i) => ({ idToken: `T${String(i).padStart(2, '0')}`, type: 'ISO14443', entry: e(`T${String(i).padStart(2, '0')}`) }));
  const shape = (u: ReturnType<typeof splitUpdate>) => u.map((m) => `${m.kind}@${m.version}:${m.changes.length}`);

  it.each([
    { name: 'a full list within the limit is one Full message', n: 5, full: true, per: 10, from: 0, out: ['Full@1:5'] },
    { name: 'a long full list: Full first, then Differential, each a new version', n: 25, full: true, per: 10, from: 3, out: ['Full@4:10', 'Differential@5:10', 'Differential@6:5'] },
    { name: 'exactly the limit is one message', n: 10, full: true, per: 10, from: 0, out: ['Full@1:10'] },
    { name: 'an empty full list still goes (it empties the station\'s list)', n: 0, full: true, per: 10, from: 7, out: ['Full@8:0'] },
    { name: 'a differential is split the same way', n: 3, full: false, per: 2, from: 9, out: ['Differential@10:2', 'Differential@11:1'] },
    { name: 'an empty differential sends nothing', n: 0, full: false, per: 2, from: 9, out: [] },
    { name: 'no per-message limit: one message', n: 250, full: true, per: null, from: 0, out: ['Full@1:250'] },
  ])('$name', ({ n, full, per, from, out }) => {
    const updates = splitUpdate(changes(n), { full, perMessage: per, fromVersion: from });
    expect(shape(updates)).toEqual(out);
    expect(updates.flatMap((u) => u.changes)).toEqual(changes(n));
  });

  it('the split messages applied in order install the whole list', () => {
    const all = changes(25);
    const held = splitUpdate(all, { full: true, perMessage: 10, fromVersion: 0 }).reduce((list, u) => applyUpdate(list, u), [e('OLD')]);
    expect(held.map((x) => x.idToken).sort()).toEqual(all.map((c) => c.idToken));
  });
});
