import { describe, expect, it } from 'vitest';
import type { DomainEvent } from './bus.js';
import { InProcessBus } from './in-process-bus.js';
import { silentLogger } from '../test-kit/logger.js';

const event = (type: string): DomainEvent => ({ type, at: '2026-01-01T00:00:00.000Z', data: {} });

describe('InProcessBus', () => {
  it('delivers each event to the subscribers whose prefixes match it, and to those without prefixes', () => {
    const bus = new InProcessBus(silentLogger);
    const seen: string[] = [];
    bus.subscribe((e) => seen.push(`all:${e.type}`));
    bus.subscribe((e) => seen.push(`session:${e.type}`), ['session.']);
    bus.subscribe((e) => seen.push(`meter:${e.type}`), ['meter.sample', 'station.seen']);
    for (const type of ['meter.sample', 'session.started', 'station.seen', 'meter.sample', 'station.booted']) bus.publish(event(type));
    expect(seen).toEqual([
      'all:meter.sample', 'meter:meter.sample', 'all:session.started', 'session:session.started', 'all:station.seen', 'meter:station.seen',
      'all:meter.sample', 'meter:meter.sample', 'all:station.booted',
    ]);
  });

  it('reaches a subscriber that joins after a type was already delivered, and no longer one that left', () => {
    const bus = new InProcessBus(silentLogger);
    const seen: string[] = [];
    bus.publish(event('meter.sample'));
    const leave = bus.subscribe(() => seen.push('first'), ['meter.']);
    bus.publish(event('meter.sample'));
    bus.subscribe(() => seen.push('second'), ['meter.']);
    bus.publish(event('meter.sample'));
    leave();
    bus.publish(event('meter.sample'));
    expect(seen).toEqual(['first', 'first', 'second', 'second']);
  });

  it('skips a subscriber removed by another during the same delivery, and survives a failing one', () => {
    const bus = new InProcessBus(silentLogger);
    const seen: string[] = [];
    let leaveLast: () => void = () => undefined;
    bus.subscribe(() => leaveLast());
    bus.subscribe(() => {
      throw new Error('broken subscriber');
    });
    leaveLast = bus.subscribe(() => seen.push('last'));
    bus.subscribe(() => seen.push('after'));
    bus.publish(event('station.booted'));
    expect(seen).toEqual(['after']);
  });
});
