import type { StationLink } from '../../core/commands/index.js';
import type { ListChange, ListLimits, LocalListCommands } from '../../core/local-lists/index.js';
import type { V16CentralAction, V16CommandRequest, V16CommandResponse } from '../../ocpp/index.js';
import { callStation } from '../call-station.js';
import { boolValue, countValue, isUnsupported } from '../local-list-answers.js';

type AuthorizationData = NonNullable<V16CommandRequest<'SendLocalList'>['localAuthorizationList']>[number];

/** 1.6 idTag (CiString20Type). */
const ID_TAG_LENGTH = 20;

function authorizationData(change: ListChange): AuthorizationData {
  const e = change.entry;
  if (!e) return { idTag: change.idToken };
  return {
    idTag: change.idToken,
    idTagInfo: { status: e.status, ...(e.expiresAt ? { expiryDate: e.expiresAt.toISOString() } : {}), ...(e.groupId ? { parentIdTag: e.groupId } : {}) },
  };
}

/** The local list commands in OCPP 1.6 terms (Local Auth List Management profile, configuration keys of 9.1). */
export function createV16LocalListCommands(link: StationLink): Omit<LocalListCommands, 'isConnected' | 'clearCache'> {
  async function send<A extends V16CentralAction>(stationId: string, action: A, payload: V16CommandRequest<A>): Promise<{ answer: V16CommandResponse<A>; raw: Record<string, unknown> }> {
    const raw = await callStation(link, stationId, action, payload);
    // The gateway validated the answer against the 1.6 schema of `action`.
    return { answer: raw as unknown as V16CommandResponse<A>, raw };
  }
  return {
    async sendLocalList(stationId, update) {
      const list = update.changes.map(authorizationData);
      try {
        const { answer, raw } = await send(stationId, 'SendLocalList', { listVersion: update.version, updateType: update.kind, ...(list.length > 0 ? { localAuthorizationList: list } : {}) });
        return { status: answer.status, raw };
      } catch (error) {
        if (isUnsupported(error)) return { status: 'NotSupported', raw: {} };
        throw error;
      }
    },
    async getLocalListVersion(stationId) {
      try {
        const { answer, raw } = await send(stationId, 'GetLocalListVersion', {});
        // -1: the Charge Point does not support local authorization lists (1.6 section 5.10).
        return { version: answer.listVersion < 0 ? null : answer.listVersion, raw };
      } catch (error) {
        if (isUnsupported(error)) return { version: null, raw: {} };
        throw error;
      }
    },
    async readLimits(stationId): Promise<ListLimits> {
      const { answer } = await send(stationId, 'GetConfiguration', { key: ['LocalAuthListEnabled', 'LocalAuthListMaxLength', 'SendLocalListMaxLength'] });
      const value = (key: string) => answer.configurationKey?.find((k) => k.key === key)?.value;
      return {
        enabled: boolValue(value('LocalAuthListEnabled')), maxEntries: countValue(value('LocalAuthListMaxLength')),
        perMessage: countValue(value('SendLocalListMaxLength')), maxTokenLength: ID_TAG_LENGTH,
      };
    },
  };
}
