import type { StationCommands, StationLink } from '../core/commands/index.js';
import { StationUnavailableError } from '../core/shared/app-error.js';
import { createV16Commands } from './v16/commands.js';
import { createV201Commands, type V201CommandOptions } from './v201/commands.js';

/**
 * Commands to any connected station: each call picks the 1.6 or 2.0.1 translation by the version the
 * station is connected with, and fails with StationUnavailableError('offline') when it is not connected.
 */
export function createStationCommands(link: StationLink, options: V201CommandOptions = {}): StationCommands {
  const v16 = createV16Commands(link);
  const v201 = createV201Commands(link, options);
  const pick = (stationId: string): StationCommands => {
    const version = link.versionOf(stationId);
    if (version === '1.6') return v16;
    if (version === '2.0.1') return v201;
    throw new StationUnavailableError(stationId, 'offline');
  };
  return {
    reset: async (id, kind) => pick(id).reset(id, kind),
    remoteStart: async (id, input) => pick(id).remoteStart(id, input),
    remoteStop: async (id, ref) => pick(id).remoteStop(id, ref),
    unlockConnector: async (id, evseId, connectorId) => pick(id).unlockConnector(id, evseId, connectorId),
    changeAvailability: async (id, availability, evseId, connectorId) => pick(id).changeAvailability(id, availability, evseId, connectorId),
    getConfiguration: async (id, keys) => pick(id).getConfiguration(id, keys),
    changeConfiguration: async (id, changes) => pick(id).changeConfiguration(id, changes),
    triggerMessage: async (id, message, evseId, connectorId) => pick(id).triggerMessage(id, message, evseId, connectorId),
    clearCache: async (id) => pick(id).clearCache(id),
    dataTransfer: async (id, vendorId, messageId, data) => pick(id).dataTransfer(id, vendorId, messageId, data),
  };
}
