import { describe, expect, it } from 'vitest';
import type { Payload } from './rpc/frame.js';
import { OcppValidator } from './validator.js';

const validator = new OcppValidator();
const check = (version: '1.6' | '2.0.1', action: string, payload: object) => validator.validate(version, action, 'request', payload as Payload);
const kindOf = (r: ReturnType<typeof check>) => (r.ok ? 'ok' : r.error.kind);

describe('OCPP integers', () => {
  it('refuses an integer beyond 32 bits as a type violation, in 1.6 and 2.0.1', () => {
    expect(kindOf(check('1.6', 'MeterValues', { connectorId: 2 ** 31, meterValue: [] }))).toBe('TypeConstraintViolation');
    expect(kindOf(check('1.6', 'MeterValues', { connectorId: 2 ** 31 - 1, meterValue: [] }))).toBe('ok');
    const v201 = (evseId: number) => check('2.0.1', 'MeterValues', { evseId, meterValue: [{ timestamp: '2026-01-01T00:00:00Z', sampledValue: [{ value: 1 }] }] });
    expect(kindOf(v201(2 ** 32))).toBe('TypeConstraintViolation');
    expect(kindOf(v201(1))).toBe('ok');
    // Nested integers too: a multiplier inside a sampled value's unit.
    expect(kindOf(check('2.0.1', 'MeterValues', { evseId: 1, meterValue: [{ timestamp: '2026-01-01T00:00:00Z', sampledValue: [{ value: 1, unitOfMeasure: { multiplier: -(2 ** 31) - 1 } }] }] }))).toBe('TypeConstraintViolation');
  });

  it('takes a 1.6 meter register beyond 32 bits: lifetime registers in Wh get there', () => {
    const start = { connectorId: 1, idTag: 'TAG', meterStart: 3_000_000_000, timestamp: '2026-01-01T00:00:00Z' };
    expect(kindOf(check('1.6', 'StartTransaction', start))).toBe('ok');
    expect(kindOf(check('1.6', 'StopTransaction', { transactionId: 1, meterStop: 3_000_100_000, timestamp: '2026-01-01T01:00:00Z' }))).toBe('ok');
    expect(kindOf(check('1.6', 'StopTransaction', { transactionId: 2 ** 31, meterStop: 1, timestamp: '2026-01-01T01:00:00Z' }))).toBe('TypeConstraintViolation');
  });
});
