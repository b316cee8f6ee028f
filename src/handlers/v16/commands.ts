import type { CommandAnswer, ConfigurationAnswer, StationCommands, StationLink, TriggerableMessage } from '../../core/commands/index.js';
import { ValidationError } from '../../core/shared/app-error.js';
import type { V16CentralAction, V16CommandRequest, V16CommandResponse } from '../../ocpp/index.js';
import { callStation } from '../call-station.js';

type Sent<A extends V16CentralAction> = { answer: V16CommandResponse<A>; raw: Record<string, unknown> };

/** Messages 1.6 TriggerMessage covers; the Security Whitepaper's ExtendedTriggerMessage covers the rest. */
const TRIGGER: Partial<Record<TriggerableMessage, V16CommandRequest<'TriggerMessage'>['requestedMessage']>> = {
  BootNotification: 'BootNotification', DiagnosticsStatusNotification: 'DiagnosticsStatusNotification',
  FirmwareStatusNotification: 'FirmwareStatusNotification', Heartbeat: 'Heartbeat', MeterValues: 'MeterValues', StatusNotification: 'StatusNotification',
};
const EXTENDED_TRIGGER: Partial<Record<TriggerableMessage, V16CommandRequest<'ExtendedTriggerMessage'>['requestedMessage']>> = {
  LogStatusNotification: 'LogStatusNotification', SignChargingStationCertificate: 'SignChargePointCertificate',
};

/**
 * The version-neutral commands in OCPP 1.6 terms. 1.6 connector N is EVSE N, so an `evseId` becomes the
 * 1.6 connectorId (a bare `connectorId` is taken as the 1.6 one when no EVSE is given).
 */
export function createV16Commands(link: StationLink): StationCommands {
  async function send<A extends V16CentralAction>(stationId: string, action: A, payload: V16CommandRequest<A>): Promise<Sent<A>> {
    const raw = await callStation(link, stationId, action, payload);
    // The gateway validated the answer against the 1.6 schema of `action`.
    return { answer: raw as unknown as V16CommandResponse<A>, raw };
  }
  const statusOf = ({ answer, raw }: Sent<V16CentralAction>): CommandAnswer => ({ status: String((answer as { status?: unknown }).status), raw });
  const connectorOf = (evseId?: number, connectorId?: number): number | undefined => evseId ?? connectorId;

  return {
    async reset(stationId, kind) {
      return statusOf(await send(stationId, 'Reset', { type: kind === 'hard' ? 'Hard' : 'Soft' }));
    },
    async remoteStart(stationId, input) {
      const connectorId = connectorOf(input.evseId, input.connectorId);
      return statusOf(await send(stationId, 'RemoteStartTransaction', { idTag: input.idToken, ...(connectorId ? { connectorId } : {}) }));
    },
    async remoteStop(stationId, transactionRef) {
      const transactionId = Number(transactionRef);
      if (!Number.isSafeInteger(transactionId)) throw new ValidationError(`an OCPP 1.6 transaction id is an integer, not "${transactionRef}"`);
      return statusOf(await send(stationId, 'RemoteStopTransaction', { transactionId }));
    },
    async unlockConnector(stationId, evseId) {
      return statusOf(await send(stationId, 'UnlockConnector', { connectorId: evseId }));
    },
    async changeAvailability(stationId, availability, evseId) {
      return statusOf(await send(stationId, 'ChangeAvailability', { connectorId: evseId ?? 0, type: availability === 'operative' ? 'Operative' : 'Inoperative' }));
    },
    async getConfiguration(stationId, keys): Promise<ConfigurationAnswer> {
      const { answer, raw } = await send(stationId, 'GetConfiguration', keys && keys.length > 0 ? { key: keys } : {});
      return {
        entries: (answer.configurationKey ?? []).map((k) => ({ key: k.key, value: k.value ?? null, readonly: k.readonly })),
        unknownKeys: answer.unknownKey ?? [],
        raw,
      };
    },
    async changeConfiguration(stationId, changes) {
      // 1.6 changes one key per call; they go in order so a failure leaves the earlier ones applied and reported.
      const answers: CommandAnswer[] = [];
      for (const change of changes) answers.push(statusOf(await send(stationId, 'ChangeConfiguration', { key: change.key, value: change.value })));
      return answers;
    },
    async triggerMessage(stationId, message, evseId, connectorId) {
      const target = connectorOf(evseId, connectorId);
      const extra = target !== undefined ? { connectorId: target } : {};
      const plain = TRIGGER[message];
      if (plain) return statusOf(await send(stationId, 'TriggerMessage', { requestedMessage: plain, ...extra }));
      const extended = EXTENDED_TRIGGER[message];
      if (extended) return statusOf(await send(stationId, 'ExtendedTriggerMessage', { requestedMessage: extended, ...extra }));
      throw new ValidationError(`OCPP 1.6 cannot trigger ${message}${message === 'TransactionEvent' ? ' (trigger MeterValues instead)' : ''}`);
    },
    async clearCache(stationId) {
      return statusOf(await send(stationId, 'ClearCache', {}));
    },
    async dataTransfer(stationId, vendorId, messageId, data) {
      const sent = await send(stationId, 'DataTransfer', { vendorId, ...(messageId !== undefined ? { messageId } : {}), ...(data !== undefined ? { data } : {}) });
      return { ...statusOf(sent), ...(sent.answer.data !== undefined ? { data: sent.answer.data } : {}) };
    },
  };
}
