import type { DomainEvent } from '../../../bus/bus.js';
import { yieldEvery } from '../../shared/yield-budget.js';
import type { RuleEvaluator, RuleEvaluatorFactory } from '../rule-evaluator.js';
import { RULE_KEYS } from './catalog.js';
import { param, RecentTimes, stationSettings, stationSubject, str } from './rule-support.js';

const FIRMWARE = RULE_KEYS.firmwareFailed;
const UPLOAD = RULE_KEYS.uploadFailed;
const REBOOTS = RULE_KEYS.rebootLoop;
const HOUR_MS = 3_600_000;

/** Firmware statuses that end an update in failure (1.6, its security extension, and 2.0.1). */
const FIRMWARE_FAILED = new Set(['DownloadFailed', 'InstallationFailed', 'InstallVerificationFailed', 'InvalidSignature']);
/** Diagnostics (1.6) and log upload (1.6 security, 2.0.1) statuses that end an upload in failure. */
const UPLOAD_FAILED = new Set(['UploadFailed', 'UploadFailure', 'BadMessage', 'NotSupportedOperation', 'PermissionDenied']);

/**
 * What stations report about their own operations: failed firmware updates (cleared by Installed), failed
 * diagnostics/log uploads (cleared by Uploaded), and boots per hour over a threshold (cleared after an hour
 * without a boot). State: recent boot times per station and the stations with a reboot incident.
 */
export const stationOperations: RuleEvaluatorFactory = (ctx): RuleEvaluator => {
  const boots = new RecentTimes();
  const rebooting = new Set<string>();

  const outcome = async (e: DomainEvent, rule: string, failed: ReadonlySet<string>, done: string, what: string): Promise<void> => {
    const stationId = e.stationId!;
    const status = str(e.data.status) ?? '';
    const at = new Date(e.at);
    // Rare events: clearing on every success costs little and needs no memory across restarts.
    if (status === done) return ctx.sink.clear(rule, stationSubject(ctx, stationId), at, `${what} ${status}`);
    if (!failed.has(status) || !stationSettings(ctx, rule, stationId).enabled) return;
    const requestId = e.data.requestId ?? null;
    await ctx.sink.raise({ ruleKey: rule, subject: stationSubject(ctx, stationId), at, title: `${what} failed on ${stationId}: ${status}`, details: { status, requestId, kind: e.type.slice('station.'.length), signed: e.data.signed ?? null } });
  };

  const onBoot = async (stationId: string, e: DomainEvent): Promise<void> => {
    const settings = stationSettings(ctx, REBOOTS, stationId);
    const count = boots.add(stationId, Date.parse(e.at), HOUR_MS);
    const max = param(settings, 'maxBootsPerHour', 3);
    if (count <= max || rebooting.has(stationId) || !settings.enabled) return;
    rebooting.add(stationId);
    await ctx.sink.raise({ ruleKey: REBOOTS, subject: stationSubject(ctx, stationId), at: new Date(e.at), title: `Station ${stationId} booted ${count} times within an hour`, details: { boots: count, maxBootsPerHour: max, lastReason: str(e.data.reason) } });
  };

  return {
    ruleKeys: [FIRMWARE, UPLOAD, REBOOTS],
    eventTypes: ['station.firmware', 'station.diagnostics', 'station.log', 'station.booted', 'station.removed'],

    async onEvent(e: DomainEvent) {
      const stationId = e.stationId;
      if (!stationId) return;
      switch (e.type) {
        case 'station.firmware':
          return outcome(e, FIRMWARE, FIRMWARE_FAILED, 'Installed', 'Firmware update');
        case 'station.diagnostics':
          return outcome(e, UPLOAD, UPLOAD_FAILED, 'Uploaded', 'Diagnostics upload');
        case 'station.log':
          return outcome(e, UPLOAD, UPLOAD_FAILED, 'Uploaded', 'Log upload');
        case 'station.booted':
          return onBoot(stationId, e);
        case 'station.removed':
          boots.delete(stationId);
          if (rebooting.delete(stationId)) await ctx.sink.clear(REBOOTS, stationSubject(ctx, stationId), new Date(e.at), 'station removed');
          return;
      }
    },

    async sweep(now: Date) {
      const nowMs = now.getTime();
      const tick = yieldEvery();
      // boots.keys() is a snapshot; counting a key that is gone is harmless.
      for (const stationId of boots.keys()) {
        await tick();
        boots.count(stationId, nowMs, HOUR_MS);
      }
      for (const stationId of [...rebooting]) {
        await tick();
        if (!rebooting.has(stationId)) continue;
        if (boots.count(stationId, nowMs, HOUR_MS) > 0) continue;
        rebooting.delete(stationId);
        await ctx.sink.clear(REBOOTS, stationSubject(ctx, stationId), now, 'no boot for an hour');
      }
    },
  };
};
