import { ID_TOKEN_TYPES } from '../../core/tokens/index.js';
import type { StationLink } from '../../core/commands/index.js';
import type { ListChange, ListLimits, LocalListCommands } from '../../core/local-lists/index.js';
import type { V201CentralAction, V201CommandRequest, V201CommandResponse } from '../../ocpp/index.js';
import { callStation } from '../call-station.js';
import { boolValue, countValue, isUnsupported } from '../local-list-answers.js';

type AuthorizationData = NonNullable<V201CommandRequest<'SendLocalList'>['localAuthorizationList']>[number];
type IdTokenEnum = AuthorizationData['idToken']['type'];

/** 2.0.1 IdTokenType.idToken (identifierString, 36). */
const ID_TOKEN_LENGTH = 36;
const TYPES = new Set<string>(ID_TOKEN_TYPES);

// A type 2.0.1 does not know is sent as Local (a token the CSMS made up), rather than failing the whole list.
const tokenType = (type: string): IdTokenEnum => (TYPES.has(type) ? type : 'Local') as IdTokenEnum;

function authorizationData(change: ListChange): AuthorizationData {
  const idToken = { idToken: change.idToken, type: tokenType(change.type) };
  const e = change.entry;
  if (!e) return { idToken };
  return {
    idToken,
    idTokenInfo: {
      status: e.status,
      ...(e.expiresAt ? { cacheExpiryDateTime: e.expiresAt.toISOString() } : {}),
      // The group is a token of its own; its type is not stored, Central (made by the CSMS) fits a group id.
      ...(e.groupId ? { groupIdToken: { idToken: e.groupId, type: 'Central' as const } } : {}),
    },
  };
}

const variable = (name: string) => ({ component: { name: 'LocalAuthListCtrlr' }, variable: { name } });

/** The local list commands in OCPP 2.0.1 terms (functional block D, LocalAuthListCtrlr variables). */
export function createV201LocalListCommands(link: StationLink): Omit<LocalListCommands, 'isConnected' | 'clearCache'> {
  async function send<A extends V201CentralAction>(stationId: string, action: A, payload: V201CommandRequest<A>): Promise<{ answer: V201CommandResponse<A>; raw: Record<string, unknown> }> {
    const raw = await callStation(link, stationId, action, payload);
    // The gateway validated the answer against the 2.0.1 schema of `action`.
    return { answer: raw as unknown as V201CommandResponse<A>, raw };
  }
  return {
    async sendLocalList(stationId, update) {
      const list = update.changes.map(authorizationData);
      const payload = { versionNumber: update.version, updateType: update.kind, ...(list.length > 0 ? { localAuthorizationList: list } : {}) } as V201CommandRequest<'SendLocalList'>;
      try {
        const { answer, raw } = await send(stationId, 'SendLocalList', payload);
        return { status: answer.status, raw };
      } catch (error) {
        if (isUnsupported(error)) return { status: 'NotSupported', raw: {} };
        throw error;
      }
    },
    async getLocalListVersion(stationId) {
      try {
        const { answer, raw } = await send(stationId, 'GetLocalListVersion', {});
        return { version: answer.versionNumber, raw };
      } catch (error) {
        if (isUnsupported(error)) return { version: null, raw: {} };
        throw error;
      }
    },
    async readLimits(stationId): Promise<ListLimits> {
      const { answer } = await send(stationId, 'GetVariables', { getVariableData: [variable('Enabled'), variable('ItemsPerMessage')] });
      const value = (name: string) => {
        const r = answer.getVariableResult.find((v) => v.variable.name === name);
        return r?.attributeStatus === 'Accepted' ? r.attributeValue : undefined;
      };
      // The list's capacity is the maxLimit of LocalAuthListCtrlr.Entries, which GetVariables cannot read:
      // a list too long is refused by the station (Failed) and recorded.
      return { enabled: boolValue(value('Enabled')), maxEntries: null, perMessage: countValue(value('ItemsPerMessage')), maxTokenLength: ID_TOKEN_LENGTH };
    },
  };
}
