import type { StationLink } from '../core/commands/index.js';
import type { LocalListCommands } from '../core/local-lists/index.js';
import { StationUnavailableError } from '../core/shared/app-error.js';
import { callStation } from './call-station.js';
import { createV16LocalListCommands } from './v16/local-list-commands.js';
import { createV201LocalListCommands } from './v201/local-list-commands.js';

/** Local list commands to any connected station, in the version it is connected with. */
export function createLocalListCommands(link: StationLink): LocalListCommands {
  const v16 = createV16LocalListCommands(link);
  const v201 = createV201LocalListCommands(link);
  const pick = (stationId: string) => {
    const version = link.versionOf(stationId);
    if (version === '1.6') return v16;
    if (version === '2.0.1') return v201;
    throw new StationUnavailableError(stationId, 'offline');
  };
  return {
    sendLocalList: async (id, update) => pick(id).sendLocalList(id, update),
    getLocalListVersion: async (id) => pick(id).getLocalListVersion(id),
    readLimits: async (id) => pick(id).readLimits(id),
    // ClearCache is the same empty request and {status} answer in both versions.
    clearCache: async (id) => {
      pick(id);
      return String((await callStation(link, id, 'ClearCache', {})).status);
    },
    isConnected: (id) => link.versionOf(id) !== undefined,
  };
}
