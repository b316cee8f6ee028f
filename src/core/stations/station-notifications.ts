import type { DomainEvent } from '../../bus/bus.js';
import { withEvents } from '../shared/with-events.js';
import { notificationChannel, type NotificationItem } from './station-batches-repository.js';
import { insertNotification, upsertVariables } from './stations-repository.js';
import type { ReportedVariable, StationEventData, StationServiceDeps } from './stations.js';

/** DataTransfer vendor ids this system answers for. */
const OWN_VENDOR_IDS = new Set(['chargewatch']);

/**
 * What stations report about themselves besides status: firmware, diagnostics and log uploads, security
 * events, data transfers, monitoring events and device-model reports. Each is stored in
 * station_notifications with its outbox event, batched with other stations', and published after commit.
 */
export class StationNotifications {
  constructor(private readonly deps: StationServiceDeps) {}

  firmwareStatus(stationId: string, input: { status: string; requestId?: number; signed?: boolean }): Promise<void> {
    return this.store(stationId, 'firmware', 'station.firmware', input.status, { requestId: input.requestId ?? null, signed: input.signed ?? false });
  }

  diagnosticsStatus(stationId: string, input: { status: string }): Promise<void> {
    return this.store(stationId, 'diagnostics', 'station.diagnostics', input.status, {});
  }

  logStatus(stationId: string, input: { status: string; requestId?: number }): Promise<void> {
    return this.store(stationId, 'log', 'station.log', input.status, { requestId: input.requestId ?? null });
  }

  securityEvent(stationId: string, input: { type: string; timestamp: Date; techInfo?: string }): Promise<void> {
    return this.store(stationId, 'security', 'station.security', input.type, { type: input.type, techInfo: input.techInfo ?? null, timestamp: input.timestamp.toISOString() }, input.timestamp);
  }

  async dataTransfer(stationId: string, input: { vendorId: string; messageId?: string; data?: unknown }): Promise<{ status: 'Accepted' | 'UnknownVendorId' }> {
    const status = OWN_VENDOR_IDS.has(input.vendorId) ? 'Accepted' : 'UnknownVendorId';
    await this.store(stationId, 'data-transfer', 'station.data-transfer', status, { vendorId: input.vendorId, messageId: input.messageId ?? null, data: input.data ?? null });
    return { status };
  }

  async stationEvents(stationId: string, input: { generatedAt: Date; seqNo: number; tbc?: boolean; events: readonly StationEventData[] }): Promise<void> {
    const recordedAt = this.deps.clock.now();
    const items = input.events.map((e): NotificationItem => {
      const detail = { ...e, seqNo: input.seqNo, generatedAt: input.generatedAt.toISOString() };
      const at = new Date(e.timestamp);
      return { stationId, kind: 'event', status: e.trigger, detail, at: Number.isNaN(at.getTime()) ? recordedAt : at, recordedAt, event: this.event('station.event', stationId, recordedAt, detail) };
    });
    if (items.length === 0) return;
    await this.deps.committer.submit(notificationChannel, items);
    for (const item of items) this.deps.bus.publish(item.event);
  }

  async report(stationId: string, input: { requestId: number; generatedAt: Date; seqNo: number; tbc?: boolean; variables: readonly ReportedVariable[] }): Promise<void> {
    const recordedAt = this.deps.clock.now();
    const detail = { requestId: input.requestId, seqNo: input.seqNo, tbc: input.tbc ?? false, generatedAt: input.generatedAt.toISOString(), variables: input.variables.length };
    await withEvents(this.deps.db, this.deps.bus, async (trx) => {
      await upsertVariables(trx, stationId, input.variables.map((v) => ({
        component: v.component, componentInstance: v.componentInstance ?? '', evseId: v.evseId ?? 0, connectorId: v.connectorId ?? 0,
        variable: v.variable, variableInstance: v.variableInstance ?? '', attributeType: v.attributeType ?? 'Actual', value: v.value ?? null, mutability: v.mutability ?? null,
      })), recordedAt);
      await insertNotification(trx, { stationId, kind: 'report', status: null, detail, at: input.generatedAt, recordedAt });
      return { result: undefined, events: [this.event('station.report', stationId, recordedAt, detail)] };
    });
  }

  private async store(stationId: string, kind: string, type: string, status: string, detail: Record<string, unknown>, at?: Date): Promise<void> {
    const recordedAt = this.deps.clock.now();
    const event = this.event(type, stationId, recordedAt, { status, ...detail });
    await this.deps.committer.submit(notificationChannel, [{ stationId, kind, status, detail, at: at ?? recordedAt, recordedAt, event }]);
    this.deps.bus.publish(event);
  }

  private event(type: string, stationId: string, at: Date, data: Record<string, unknown>): DomainEvent {
    return { type, at: at.toISOString(), stationId, data };
  }
}
