import { DetectionEngine, IncidentService, RULE_CATALOG, RuleSettingsService, type AlertRuleChange, type RuleEvaluatorFactory } from '../core/alerts/index.js';
import { LiveView } from '../core/live/index.js';
import { samplesFromV16 } from '../core/sessions/index.js';
import { createCoreKit, type CoreKit, type CoreKitOptions } from './core.js';
import { silentLogger } from './logger.js';

/** An incident as a rule test reads it. */
export interface SeenIncident {
  ruleKey: string;
  subjectKey: string;
  severity: string;
  state: string;
  title: string;
  details: Record<string, unknown>;
  occurrences: number;
  resolutionNote: string | null;
}

/**
 * Detection rules running as in the server: the real live view, rule settings, incident service and
 * detection engine over the core kit's database, bus and fake clock. Events come from the real services
 * (or from the builders their publishing code exports); `settle` waits until they have been handled.
 */
export interface RuleKit {
  core: CoreKit;
  live: LiveView;
  settings: RuleSettingsService;
  incidents: IncidentService;
  engine: DetectionEngine;
  /** Waits for batched writes, the evaluators and the incident writes of everything published so far. */
  settle(): Promise<void>;
  /** Moves the clock by `ms` and runs the sweep at the new time. */
  sweep(ms?: number): Promise<void>;
  /** Every incident of `ruleKey` (all rules when omitted), oldest first. */
  all(ruleKey?: string): Promise<SeenIncident[]>;
  /** The unresolved incidents of `ruleKey`. */
  open(ruleKey: string): Promise<SeenIncident[]>;
  /** Starts a 1.6 session with the accepted token `TAG-OK` (or `idToken`); returns its id (also the transaction id). */
  startSession(stationId: string, evseId: number, idToken?: string): Promise<number>;
  /** Sends 1.6 MeterValues for a session, stamped now (or `atMs`), with the measurands given. */
  meter(stationId: string, evseId: number, sessionId: number, m: { powerW?: number; registerWh?: number; soc?: number; offeredW?: number; atMs?: number }): Promise<void>;
  /** Stops a 1.6 session with its final register. */
  stopSession(stationId: string, sessionId: number, meterStopWh: number): Promise<void>;
  /** Changes a rule's network settings (as an operator would). */
  configure(ruleKey: string, change: AlertRuleChange): Promise<void>;
  close(): Promise<void>;
}

/** Builds the kit around the given evaluators; call `close()` in afterAll. */
export async function createRuleKit(evaluators: readonly RuleEvaluatorFactory[], options: CoreKitOptions = {}): Promise<RuleKit> {
  const core = await createCoreKit(options);
  const base = { db: core.database.db, bus: core.bus, clock: core.clock, logger: silentLogger };
  const live = new LiveView({ db: core.database.db, bus: core.bus, logger: silentLogger });
  await live.start();
  const settings = new RuleSettingsService({ ...base, catalog: RULE_CATALOG });
  await settings.start();
  const siteOf = (stationId: string) => live.station(stationId)?.siteId ?? null;
  const incidents = new IncidentService({ ...base, rules: settings, siteOf });
  const engine = new DetectionEngine({ bus: core.bus, clock: core.clock, logger: silentLogger, sink: incidents, settings, live, evaluators, sweepIntervalMs: 0 });
  await engine.start();
  await core.tokens.add({ token: 'TAG-OK' });

  const settle = async () => {
    await core.committer.flush();
    await engine.idle();
    await incidents.idle();
  };
  const read = async (ruleKey?: string): Promise<SeenIncident[]> => {
    let q = core.database.db.selectFrom('incidents').selectAll().orderBy('id');
    if (ruleKey) q = q.where('rule_key', '=', ruleKey);
    return (await q.execute()).map((r) => ({
      ruleKey: r.rule_key, subjectKey: r.subject_key, severity: r.severity, state: r.state, title: r.title,
      details: r.details as Record<string, unknown>, occurrences: r.occurrences, resolutionNote: r.resolution_note,
    }));
  };
  return {
    core, live, settings, incidents, engine, settle,
    async sweep(ms = 0) {
      await settle();
      core.clock.advance(ms);
      await engine.sweep(core.clock.now());
      await settle();
    },
    all: read,
    open: async (ruleKey) => (await read(ruleKey)).filter((i) => i.state !== 'resolved'),
    async startSession(stationId, evseId, idToken = 'TAG-OK') {
      const r = await core.sessions.start({ stationId, evseId, connectorId: 1, idToken: { value: idToken }, meterStartWh: 0, timestamp: core.clock.now().toISOString() });
      return r.sessionId;
    },
    async meter(stationId, evseId, sessionId, m) {
      const value = (measurand: string, v: number | undefined) => (v === undefined ? [] : [{ measurand, value: String(v), unit: measurand.startsWith('Energy') ? 'Wh' : measurand === 'SoC' ? 'Percent' : 'W' }]);
      const sampledValue = [...value('Energy.Active.Import.Register', m.registerWh), ...value('Power.Active.Import', m.powerW), ...value('Power.Offered', m.offeredW), ...value('SoC', m.soc)];
      const samples = samplesFromV16([{ timestamp: new Date(m.atMs ?? core.clock.nowMs()).toISOString(), sampledValue }], core.clock.nowMs());
      await core.sessions.recordMeterValues({ stationId, evseId, connectorId: 1, transactionRef: String(sessionId), samples });
    },
    async stopSession(stationId, sessionId, meterStopWh) {
      await core.sessions.stop({ stationId, transactionRef: String(sessionId), meterStopWh, timestamp: core.clock.now().toISOString(), samples: [], payload: {} });
    },
    async configure(ruleKey, change) {
      await settings.update(ruleKey, change, 'test');
    },
    async close() {
      await engine.stop();
      live.stop();
      await core.close();
    },
  };
}
