import type { Payload, V16Request, V16Response } from '../ocpp/index.js';
import type { Reading } from './meter-readings.js';
import type { BootReason, ConnectorSim, ProtocolAdapter, SimTransaction, StationControl } from './protocol.js';
import type { CommandOutcome } from './station-link.js';
import type { StopReason } from './types.js';
import { handleV16Command } from './v16-commands.js';

type SampledValue16 = V16Request<'MeterValues'>['meterValue'][number]['sampledValue'][number];
type Reason16 = NonNullable<V16Request<'StopTransaction'>['reason']>;

const REASON_16: Record<StopReason, Reason16> = {
  EVDisconnected: 'EVDisconnected', Local: 'Local', Remote: 'Remote', DeAuthorized: 'DeAuthorized',
  EmergencyStop: 'EmergencyStop', HardReset: 'HardReset', SoftReset: 'SoftReset', ImmediateReset: 'HardReset',
  PowerLoss: 'PowerLoss', Reboot: 'Reboot', UnlockCommand: 'UnlockCommand', StoppedByEV: 'Local',
  SOCLimitReached: 'Local', GroundFault: 'Other', OvercurrentFault: 'Other', Other: 'Other',
};

/** Formats a neutral reading as a 1.6 sampledValue (values are strings in 1.6). */
export function sampledValue16(r: Reading, context: SampledValue16['context']): SampledValue16 {
  const v: SampledValue16 = { value: String(r.value), context, measurand: r.measurand, unit: r.unit };
  if (r.phase) v.phase = r.phase;
  if (r.location) v.location = r.location;
  return v;
}

/** Cuts a text to a schema's maxLength. */
const cut = (text: string, max: number): string => text.slice(0, max);

/** What a 1.6 station sends, and how it answers the central system. */
export class V16Protocol implements ProtocolAdapter {
  constructor(private readonly s: StationControl) {}

  async boot(_reason: BootReason): Promise<{ status: string; intervalS: number }> {
    const o = this.s.options;
    const req: V16Request<'BootNotification'> = {
      chargePointVendor: cut(o.vendor, 20),
      chargePointModel: cut(o.model, 20),
      firmwareVersion: cut(o.firmwareVersion, 50),
      chargePointSerialNumber: cut(o.serialNumber ?? o.id, 25),
    };
    const res = await this.s.link.call<V16Response<'BootNotification'>>('BootNotification', req, { boot: true });
    return { status: res.status, intervalS: res.interval };
  }

  heartbeat(): void {
    this.s.link.post('Heartbeat', {});
  }

  statusChanged(c: ConnectorSim): void {
    this.sendStatus(c.id, c.status, c.errorCode);
  }

  allStatuses(): void {
    const cs = this.s.connectors;
    this.sendStatus(0, cs.every((c) => !c.operative) ? 'Unavailable' : 'Available', 'NoError');
    for (const c of cs) this.statusChanged(c);
  }

  private sendStatus(connectorId: number, status: V16Request<'StatusNotification'>['status'], errorCode: string): void {
    const req: V16Request<'StatusNotification'> = {
      connectorId, status, errorCode: errorCode as V16Request<'StatusNotification'>['errorCode'], timestamp: this.s.timestamp(),
    };
    this.s.link.post('StatusNotification', req);
  }

  async authorize(idToken: string): Promise<boolean> {
    const res = await this.s.link.call<V16Response<'Authorize'>>('Authorize', { idTag: cut(idToken, 20) });
    return res.idTagInfo.status === 'Accepted';
  }

  txStarted(c: ConnectorSim, tx: SimTransaction): void {
    const req: V16Request<'StartTransaction'> = {
      connectorId: c.id, idTag: cut(tx.idToken, 20), meterStart: tx.meterStartWh, timestamp: this.s.timestamp(),
    };
    this.s.link.post<V16Response<'StartTransaction'>>('StartTransaction', req, {
      durable: true,
      onAck: (res) => {
        tx.id = String(res.transactionId);
        this.s.transactionAccepted(c, tx);
        if (res.idTagInfo.status !== 'Accepted') this.s.transactionDeauthorized(c, tx);
      },
      onFail: () => {
        tx.startFailed = true;
      },
    });
  }

  txMeter(c: ConnectorSim, tx: SimTransaction, trigger: 'MeterValuePeriodic' | 'Trigger'): void {
    const readings = this.s.readings(c);
    if (readings.length === 0) return;
    const context = trigger === 'Trigger' ? 'Trigger' : 'Sample.Periodic';
    const meterValue = [{ timestamp: this.s.timestamp(), sampledValue: readings.map((r) => sampledValue16(r, context)) }];
    // The transaction id may not be known yet (StartTransaction queued offline): read it at send time.
    this.s.link.post('MeterValues', () => (tx.startFailed || tx.id === undefined
      ? undefined
      : { connectorId: c.id, transactionId: Number(tx.id), meterValue }), { durable: true });
  }

  txEnded(c: ConnectorSim, tx: SimTransaction, reason: StopReason): void {
    const timestamp = this.s.timestamp();
    const meterStop = Math.floor(c.registerWh);
    const transactionData = [{
      timestamp,
      sampledValue: [{ value: String(meterStop), context: 'Transaction.End' as const, measurand: 'Energy.Active.Import.Register' as const, unit: 'Wh' as const, location: 'Outlet' as const }],
    }];
    this.s.link.post('StopTransaction', (): V16Request<'StopTransaction'> | undefined => {
      if (tx.startFailed || tx.id === undefined) return undefined;
      return { transactionId: Number(tx.id), idTag: cut(tx.idToken, 20), meterStop, timestamp, reason: REASON_16[reason], transactionData };
    }, { durable: true });
  }

  idleMeter(c: ConnectorSim): void {
    const readings = this.s.readings(c);
    if (readings.length === 0) return;
    this.s.link.post('MeterValues', {
      connectorId: c.id,
      meterValue: [{ timestamp: this.s.timestamp(), sampledValue: readings.map((r) => sampledValue16(r, 'Trigger')) }],
    });
  }

  command(action: string, payload: Payload): CommandOutcome {
    return handleV16Command(this.s, this, action, payload);
  }
}
