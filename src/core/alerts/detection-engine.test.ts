import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DomainEvent } from '../../bus/bus.js';
import { LiveView } from '../live/index.js';
import { createIncidentKit, type IncidentKit } from '../../test-kit/incidents.js';
import { silentLogger } from '../../test-kit/logger.js';
import { DetectionEngine } from './detection-engine.js';
import type { RuleContext, RuleEvaluatorFactory } from './rule-evaluator.js';

let kit: IncidentKit;
let live: LiveView;
let engine: DetectionEngine;
const seen: string[] = [];
const started: string[] = [];
let failures = 0;
const SITE = '00000000-0000-4000-8000-0000000000a1';

/** Raises test.offline on `probe.down`, clears it on `probe.up`; handles events asynchronously, slowly. */
const probe: RuleEvaluatorFactory = (ctx: RuleContext) => ({
  ruleKeys: ['test.offline'],
  eventTypes: ['probe.'],
  async start() {
    started.push('probe');
  },
  async onEvent(event: DomainEvent) {
    seen.push(event.type);
    const subject = { type: 'station' as const, stationId: event.stationId! };
    // A slow first step: later events must still be handled after this one.
    await new Promise((r) => setTimeout(r, 5));
    if (!ctx.settings.settingsFor('test.offline', ctx.siteOf(subject.stationId)).enabled) return;
    if (event.type === 'probe.down') await ctx.sink.raise({ ruleKey: 'test.offline', subject, at: ctx.clock.now(), title: `${subject.stationId} offline` });
    if (event.type === 'probe.up') await ctx.sink.clear('test.offline', subject, ctx.clock.now(), 'back');
  },
});

/** Raises test.power on a sweep once ten minutes have passed since it started. */
const timer: RuleEvaluatorFactory = (ctx) => {
  const since = ctx.clock.nowMs();
  return {
    ruleKeys: ['test.power'],
    eventTypes: [],
    async sweep(now) {
      if (now.getTime() - since >= 600_000) await ctx.sink.raise({ ruleKey: 'test.power', subject: { type: 'site', siteId: SITE }, at: now, title: 'quiet for 10 min' });
    },
  };
};

/** Fails at everything: the engine must go on with the others. */
const broken: RuleEvaluatorFactory = () => ({
  ruleKeys: ['test.fault'],
  eventTypes: ['probe.'],
  start: () => Promise.reject(new Error('no start')),
  onEvent: () => {
    failures++;
    throw new Error('no event');
  },
  sweep: () => Promise.reject(new Error('no sweep')),
});

beforeAll(async () => {
  kit = await createIncidentKit();
  live = new LiveView({ db: kit.core.database.db, bus: kit.core.bus, logger: silentLogger });
  await live.start();
  engine = new DetectionEngine({
    bus: kit.core.bus, clock: kit.core.clock, logger: silentLogger, sink: kit.incidents, settings: kit.settings, live,
    evaluators: [broken, probe, timer], escalate: (now) => kit.incidents.escalate(now), sweepIntervalMs: 0,
  });
  await engine.start();
});
afterAll(async () => {
  await engine.stop();
  live.stop();
  await kit.close();
});

const publish = (type: string, stationId: string) => kit.core.bus.publish({ type, at: kit.core.clock.now().toISOString(), stationId, data: {} });
const settle = async () => {
  await engine.idle();
  await kit.incidents.idle();
};
const incidents = () => kit.core.database.db.selectFrom('incidents').select(['rule_key', 'subject_key', 'state', 'occurrences', 'severity']).orderBy('id').execute();

describe('DetectionEngine', () => {
  it('starts every evaluator, even after one fails to start', () => {
    expect(started).toEqual(['probe']);
  });

  it('feeds each evaluator only its events, in order, and a failing evaluator does not stop the others', async () => {
    publish('probe.down', 'CP-1');
    publish('other.thing', 'CP-1');
    publish('probe.down', 'CP-1');
    publish('probe.up', 'CP-1');
    publish('probe.down', 'CP-1');
    await settle();
    expect(seen).toEqual(['probe.down', 'probe.down', 'probe.up', 'probe.down']);
    expect(failures).toBe(4);
    expect(await incidents()).toEqual([
      { rule_key: 'test.offline', subject_key: 'station:CP-1', state: 'resolved', occurrences: 2, severity: 'warning' },
      { rule_key: 'test.offline', subject_key: 'station:CP-1', state: 'open', occurrences: 1, severity: 'warning' },
    ]);
  });

  it('respects a rule switched off in its settings', async () => {
    await kit.settings.update('test.offline', { enabled: false }, 'test');
    publish('probe.down', 'CP-2');
    await settle();
    expect((await incidents()).filter((i) => i.subject_key === 'station:CP-2')).toEqual([]);
    await kit.settings.update('test.offline', { enabled: true }, 'test');
  });

  it('runs the sweeps at the time given, then the escalation', async () => {
    await engine.sweep(kit.core.clock.now());
    expect((await incidents()).filter((i) => i.rule_key === 'test.power')).toEqual([]);
    kit.core.clock.advance(600_000);
    await engine.sweep(kit.core.clock.now());
    // test.offline escalates after 10 minutes: the open CP-1 incident moves from warning to critical.
    expect((await incidents()).filter((i) => i.state === 'open')).toEqual([
      { rule_key: 'test.offline', subject_key: 'station:CP-1', state: 'open', occurrences: 1, severity: 'critical' },
      { rule_key: 'test.power', subject_key: `site:${SITE}`, state: 'open', occurrences: 1, severity: 'info' },
    ]);
  });
});

describe('DetectionEngine sweep and the event loop', () => {
  it('gives the event loop a turn before each evaluator, so one long sweep does not run into the next', async () => {
    let turnTaken = false;
    const order: string[] = [];
    /** A sweep that holds the loop for a while, then asks for a turn. */
    const long: RuleEvaluatorFactory = () => ({
      ruleKeys: ['test.long'],
      eventTypes: [],
      sweep() {
        order.push('long');
        const until = performance.now() + 10;
        while (performance.now() < until);
        setImmediate(() => (turnTaken = true));
      },
    });
    const next: RuleEvaluatorFactory = () => ({
      ruleKeys: ['test.next'],
      eventTypes: [],
      sweep() {
        order.push(turnTaken ? 'next after a turn' : 'next without a turn');
      },
    });
    const turns = new DetectionEngine({
      bus: kit.core.bus, clock: kit.core.clock, logger: silentLogger, sink: kit.incidents, settings: kit.settings, live, evaluators: [long, next], sweepIntervalMs: 0,
    });
    await turns.start();
    await turns.sweep(kit.core.clock.now());
    await turns.stop();
    expect(order).toEqual(['long', 'next after a turn']);
  });
});
