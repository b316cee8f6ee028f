import { describe, expect, it } from 'vitest';
import { RULE_CATALOG, RULE_EVALUATORS } from './index.js';
import { RULE_KEYS } from './catalog.js';

describe('rule catalog', () => {
  it('has one definition per key, and every evaluator raises only catalog rules', () => {
    const keys = RULE_CATALOG.map((r) => r.key);
    expect(new Set(keys).size).toBe(keys.length);
    expect([...keys].sort()).toEqual(Object.values(RULE_KEYS).sort());
    const stub = new Proxy({}, { get: () => () => undefined });
    const raised = RULE_EVALUATORS.flatMap((f) => f(stub as never).ruleKeys);
    expect([...raised].sort()).toEqual([...keys].sort());
  });

  it('ships remediation ladders switched on for offline and faulted only, in rising order', () => {
    const on = RULE_CATALOG.filter((r) => r.remediation.enabled).map((r) => r.key);
    expect(on.sort()).toEqual([RULE_KEYS.connectorFaulted, RULE_KEYS.stationOffline].sort());
    for (const r of RULE_CATALOG) {
      const times = r.remediation.steps.map((s) => s.afterS);
      expect(times).toEqual([...times].sort((a, b) => a - b));
    }
  });
});
