import { randomInt } from 'node:crypto';
import type { CommandAnswer, ConfigurationAnswer, ConfigurationEntry, StationCommands, StationLink, TriggerableMessage } from '../../core/commands/index.js';
import { ValidationError } from '../../core/shared/app-error.js';
import type { V201CentralAction, V201CommandRequest, V201CommandResponse } from '../../ocpp/index.js';
import { callStation } from '../call-station.js';
import { DEFAULT_VARIABLE_KEYS, formatVariableKey, parseVariableKey } from './variable-key.js';

type Sent<A extends V201CentralAction> = { answer: V201CommandResponse<A>; raw: Record<string, unknown> };
type Requested = V201CommandRequest<'TriggerMessage'>['requestedMessage'];

const TRIGGER: Partial<Record<TriggerableMessage, Requested>> = {
  BootNotification: 'BootNotification', Heartbeat: 'Heartbeat', StatusNotification: 'StatusNotification', MeterValues: 'MeterValues',
  FirmwareStatusNotification: 'FirmwareStatusNotification', LogStatusNotification: 'LogStatusNotification',
  SignChargingStationCertificate: 'SignChargingStationCertificate', TransactionEvent: 'TransactionEvent',
};
/** A GetVariables answer for these means the key does not exist on the station. */
const UNKNOWN = new Set(['UnknownComponent', 'UnknownVariable']);

/** Options of the 2.0.1 translation. */
export interface V201CommandOptions {
  /** Source of RequestStartTransaction.remoteStartId when the caller gives none (a random positive int32 by default). */
  remoteStartId?: () => number;
}

/** The version-neutral commands in OCPP 2.0.1 terms (device model variables for configuration). */
export function createV201Commands(link: StationLink, options: V201CommandOptions = {}): StationCommands {
  const nextRemoteStartId = options.remoteStartId ?? (() => randomInt(1, 2 ** 31 - 1));
  async function send<A extends V201CentralAction>(stationId: string, action: A, payload: V201CommandRequest<A>): Promise<Sent<A>> {
    const raw = await callStation(link, stationId, action, payload);
    // The gateway validated the answer against the 2.0.1 schema of `action`.
    return { answer: raw as unknown as V201CommandResponse<A>, raw };
  }
  const statusOf = ({ answer, raw }: Sent<V201CentralAction>): CommandAnswer => ({ status: String((answer as { status?: unknown }).status), raw });
  const evseOf = (evseId?: number, connectorId?: number) => (evseId ? { evse: { id: evseId, ...(connectorId !== undefined ? { connectorId } : {}) } } : {});

  return {
    async reset(stationId, kind) {
      // A soft reset waits for running transactions to end (OnIdle); a hard one does not (Immediate).
      return statusOf(await send(stationId, 'Reset', { type: kind === 'hard' ? 'Immediate' : 'OnIdle' }));
    },
    async remoteStart(stationId, input) {
      const idTokenType = (input.idTokenType ?? 'Central') as V201CommandRequest<'RequestStartTransaction'>['idToken']['type'];
      return statusOf(await send(stationId, 'RequestStartTransaction', {
        idToken: { idToken: input.idToken, type: idTokenType },
        remoteStartId: input.remoteStartId ?? nextRemoteStartId(),
        ...(input.evseId ? { evseId: input.evseId } : {}),
      }));
    },
    async remoteStop(stationId, transactionRef) {
      return statusOf(await send(stationId, 'RequestStopTransaction', { transactionId: transactionRef }));
    },
    async unlockConnector(stationId, evseId, connectorId) {
      return statusOf(await send(stationId, 'UnlockConnector', { evseId, connectorId }));
    },
    async changeAvailability(stationId, availability, evseId, connectorId) {
      return statusOf(await send(stationId, 'ChangeAvailability', { operationalStatus: availability === 'operative' ? 'Operative' : 'Inoperative', ...evseOf(evseId, connectorId) }));
    },
    async getConfiguration(stationId, keys): Promise<ConfigurationAnswer> {
      const wanted = keys && keys.length > 0 ? keys : DEFAULT_VARIABLE_KEYS;
      const data = wanted.map(parseVariableKey) as V201CommandRequest<'GetVariables'>['getVariableData'];
      const { answer, raw } = await send(stationId, 'GetVariables', { getVariableData: data });
      const entries: ConfigurationEntry[] = [];
      const unknownKeys: string[] = [];
      for (const result of answer.getVariableResult) {
        const key = formatVariableKey(result);
        if (UNKNOWN.has(result.attributeStatus)) unknownKeys.push(key);
        // GetVariables does not tell mutability; NotifyReport (station_variables) does.
        else entries.push({ key, value: result.attributeValue ?? null, readonly: false, ...(result.attributeStatus !== 'Accepted' ? { status: result.attributeStatus } : {}) });
      }
      return { entries, unknownKeys, raw };
    },
    async changeConfiguration(stationId, changes) {
      if (changes.length === 0) return [];
      const data = changes.map((c) => ({ ...parseVariableKey(c.key), attributeValue: c.value })) as V201CommandRequest<'SetVariables'>['setVariableData'];
      const { answer } = await send(stationId, 'SetVariables', { setVariableData: data });
      const byKey = new Map(answer.setVariableResult.map((r) => [formatVariableKey(r), r]));
      return changes.map((c, i) => {
        const result = byKey.get(formatVariableKey(parseVariableKey(c.key))) ?? answer.setVariableResult[i];
        return result ? { status: result.attributeStatus, raw: result as unknown as Record<string, unknown> } : { status: 'Missing', raw: {} };
      });
    },
    async triggerMessage(stationId, message, evseId, connectorId) {
      const requested = TRIGGER[message];
      if (!requested) throw new ValidationError(`OCPP 2.0.1 cannot trigger ${message}${message === 'DiagnosticsStatusNotification' ? ' (trigger LogStatusNotification instead)' : ''}`);
      return statusOf(await send(stationId, 'TriggerMessage', { requestedMessage: requested, ...evseOf(evseId, connectorId) }));
    },
    async clearCache(stationId) {
      return statusOf(await send(stationId, 'ClearCache', {}));
    },
    async dataTransfer(stationId, vendorId, messageId, data) {
      const payload = { vendorId, ...(messageId !== undefined ? { messageId } : {}), ...(data !== undefined ? { data } : {}) } as V201CommandRequest<'DataTransfer'>;
      const sent = await send(stationId, 'DataTransfer', payload);
      return { ...statusOf(sent), ...(sent.answer.data !== undefined ? { data: sent.answer.data } : {}) };
    },
  };
}
