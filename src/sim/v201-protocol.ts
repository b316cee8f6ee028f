import type { Payload, V201Request, V201Response } from '../ocpp/index.js';
import { TAPER_KNEE_SOC, type Ev } from './ev-model.js';
import type { Reading } from './meter-readings.js';
import type { BootReason, ConnectorSim, ProtocolAdapter, SimTransaction, StationControl } from './protocol.js';
import type { CommandOutcome } from './station-link.js';
import type { StopReason } from './types.js';
import { handleV201Command } from './v201-commands.js';
import { connectorStatus201 } from './v201-status.js';

type TxEvent = V201Request<'TransactionEvent'>;
type MeterValue201 = NonNullable<TxEvent['meterValue']>[number];
type SampledValue201 = MeterValue201['sampledValue'][number];
type Reason201 = NonNullable<TxEvent['transactionInfo']['stoppedReason']>;
type Trigger201 = TxEvent['triggerReason'];
type ChargingState = NonNullable<TxEvent['transactionInfo']['chargingState']>;

const REASON_201: Record<StopReason, Reason201> = {
  EVDisconnected: 'EVDisconnected', Local: 'Local', Remote: 'Remote', DeAuthorized: 'DeAuthorized',
  EmergencyStop: 'EmergencyStop', HardReset: 'ImmediateReset', SoftReset: 'ImmediateReset', ImmediateReset: 'ImmediateReset',
  PowerLoss: 'PowerLoss', Reboot: 'Reboot', UnlockCommand: 'Other', StoppedByEV: 'StoppedByEV',
  SOCLimitReached: 'SOCLimitReached', GroundFault: 'GroundFault', OvercurrentFault: 'OvercurrentFault', Other: 'Other',
};

const END_TRIGGER: Record<StopReason, Trigger201> = {
  EVDisconnected: 'EVDeparted', Local: 'StopAuthorized', Remote: 'RemoteStop', DeAuthorized: 'Deauthorized',
  EmergencyStop: 'AbnormalCondition', HardReset: 'ResetCommand', SoftReset: 'ResetCommand', ImmediateReset: 'ResetCommand',
  PowerLoss: 'AbnormalCondition', Reboot: 'ResetCommand', UnlockCommand: 'UnlockCommand', StoppedByEV: 'ChargingStateChanged',
  SOCLimitReached: 'EnergyLimitReached', GroundFault: 'AbnormalCondition', OvercurrentFault: 'AbnormalCondition', Other: 'AbnormalCondition',
};

function chargingState(c: ConnectorSim): ChargingState {
  switch (c.status) {
    case 'Charging': return 'Charging';
    case 'SuspendedEV': return 'SuspendedEV';
    case 'SuspendedEVSE': return 'SuspendedEVSE';
    default: return c.ev ? 'EVConnected' : 'Idle';
  }
}

/** Formats a neutral reading as a 2.0.1 sampledValue (numbers, with unitOfMeasure). */
export function sampledValue201(r: Reading, context: SampledValue201['context']): SampledValue201 {
  const v: SampledValue201 = { value: r.value, context, measurand: r.measurand, unitOfMeasure: { unit: r.unit } };
  if (r.phase) v.phase = r.phase;
  if (r.location) v.location = r.location;
  return v;
}

/** DC link voltage the simulated EVs are built for. */
const EV_MAX_VOLTS = 500;

/** What a DC EV tells the station over ISO 15118 when charging starts (2.0.1 NotifyEVChargingNeeds). */
export function chargingNeeds201(evseId: number, ev: Ev): V201Request<'NotifyEVChargingNeeds'> {
  return {
    evseId,
    chargingNeeds: {
      requestedEnergyTransfer: 'DC',
      dcChargingParameters: {
        evMaxCurrent: Math.ceil(ev.maxPowerW / EV_MAX_VOLTS), evMaxVoltage: EV_MAX_VOLTS, evMaxPower: Math.round(ev.maxPowerW),
        energyAmount: Math.max(0, Math.round(((ev.targetSoc - ev.soc) / 100) * ev.capacityWh)), evEnergyCapacity: Math.round(ev.capacityWh),
        stateOfCharge: Math.floor(ev.soc), fullSoC: Math.round(ev.targetSoc), bulkSoC: TAPER_KNEE_SOC,
      },
    },
  };
}

/** What a 2.0.1 station sends, and how it answers the CSMS. */
export class V201Protocol implements ProtocolAdapter {
  constructor(private readonly s: StationControl) {}

  async boot(reason: BootReason): Promise<{ status: string; intervalS: number }> {
    const o = this.s.options;
    const req: V201Request<'BootNotification'> = {
      reason,
      chargingStation: {
        model: o.model.slice(0, 20), vendorName: o.vendor.slice(0, 50),
        firmwareVersion: o.firmwareVersion.slice(0, 50), serialNumber: (o.serialNumber ?? o.id).slice(0, 25),
      },
    };
    const res = await this.s.link.call<V201Response<'BootNotification'>>('BootNotification', req, { boot: true });
    return { status: res.status, intervalS: res.interval };
  }

  heartbeat(): void {
    this.s.link.post('Heartbeat', {});
  }

  statusChanged(c: ConnectorSim): void {
    const status = connectorStatus201(c.status);
    if (c.reported !== status || status === 'Faulted') {
      c.reported = status;
      const req: V201Request<'StatusNotification'> = { timestamp: this.s.timestamp(), connectorStatus: status, evseId: c.id, connectorId: 1 };
      this.s.link.post('StatusNotification', req);
    }
    const tx = c.tx;
    if (tx && !tx.ended && tx.reportedState !== chargingState(c)) this.txEvent(c, tx, 'Updated', 'ChargingStateChanged');
  }

  allStatuses(): void {
    for (const c of this.s.connectors) {
      c.reported = undefined;
      this.statusChanged(c);
    }
  }

  async authorize(idToken: string): Promise<boolean> {
    const res = await this.s.link.call<V201Response<'Authorize'>>('Authorize', { idToken: { idToken: idToken.slice(0, 36), type: 'ISO14443' } });
    return res.idTokenInfo.status === 'Accepted';
  }

  private energySample(c: ConnectorSim, context: SampledValue201['context']): MeterValue201 {
    return {
      timestamp: this.s.timestamp(),
      sampledValue: [{ value: Math.floor(c.registerWh), context, measurand: 'Energy.Active.Import.Register', location: 'Outlet', unitOfMeasure: { unit: 'Wh' } }],
    };
  }

  /** Builds and queues one TransactionEvent; transaction messages survive disconnects and say so with `offline`. */
  private txEvent(
    c: ConnectorSim, tx: SimTransaction, eventType: TxEvent['eventType'], triggerReason: Trigger201,
    extra: Partial<TxEvent> = {}, info: Partial<TxEvent['transactionInfo']> = {},
  ): void {
    const transactionInfo = { transactionId: tx.id ?? '', chargingState: chargingState(c), ...info };
    tx.reportedState = transactionInfo.chargingState;
    const req: TxEvent = { eventType, timestamp: this.s.timestamp(), triggerReason, seqNo: tx.seqNo++, transactionInfo, ...extra };
    if (!this.s.link.connected) req.offline = true;
    this.s.link.call<V201Response<'TransactionEvent'>>('TransactionEvent', req, { durable: true }).then(
      (res) => {
        const status = res.idTokenInfo?.status;
        if (eventType === 'Started' && status !== undefined && status !== 'Accepted') this.s.transactionDeauthorized(c, tx);
      },
      () => undefined,
    );
  }

  txStarted(c: ConnectorSim, tx: SimTransaction): void {
    this.txEvent(c, tx, 'Started', tx.trigger, {
      evse: { id: c.id, connectorId: 1 },
      idToken: { idToken: tx.idToken.slice(0, 36), type: tx.idTokenType as NonNullable<TxEvent['idToken']>['type'] },
      meterValue: [this.energySample(c, 'Transaction.Begin')],
    }, tx.remoteStartId === undefined ? {} : { remoteStartId: tx.remoteStartId });
    if (this.s.options.kind === 'DC' && c.ev && c.status === 'Charging') this.s.link.post('NotifyEVChargingNeeds', chargingNeeds201(c.id, c.ev));
  }

  txMeter(c: ConnectorSim, tx: SimTransaction, trigger: 'MeterValuePeriodic' | 'Trigger'): void {
    const readings = this.s.readings(c);
    if (readings.length === 0) return;
    const context = trigger === 'Trigger' ? 'Trigger' : 'Sample.Periodic';
    const sampledValue = readings.map((r) => sampledValue201(r, context)) as MeterValue201['sampledValue'];
    this.txEvent(c, tx, 'Updated', trigger, { meterValue: [{ timestamp: this.s.timestamp(), sampledValue }] });
  }

  txEnded(c: ConnectorSim, tx: SimTransaction, reason: StopReason): void {
    const state: ChargingState = reason === 'EVDisconnected' || !c.ev ? 'Idle' : 'EVConnected';
    this.txEvent(c, tx, 'Ended', END_TRIGGER[reason], { meterValue: [this.energySample(c, 'Transaction.End')] }, { stoppedReason: REASON_201[reason], chargingState: state });
  }

  idleMeter(c: ConnectorSim): void {
    const readings = this.s.readings(c);
    if (readings.length === 0) return;
    const sampledValue = readings.map((r) => sampledValue201(r, 'Trigger')) as MeterValue201['sampledValue'];
    this.s.link.post('MeterValues', { evseId: c.id, meterValue: [{ timestamp: this.s.timestamp(), sampledValue }] });
  }

  command(action: string, payload: Payload): CommandOutcome {
    return handleV201Command(this.s, this, action, payload);
  }
}
