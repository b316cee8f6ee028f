/** Writes: station commands (each waits for the station's real answer) and station administration. */
import type { QueryClient } from '@tanstack/react-query';
import { api } from './client.js';
import { keys } from './queries.js';
import type { CommandRequest, CommandResult, StationDetail } from './types.js';

/** Sends a command to a station and resolves with its answer; offline, timeout and CALLERROR reject. */
export function runCommand(stationId: string, request: CommandRequest): Promise<CommandResult> {
  return api<CommandResult>(`/stations/${encodeURIComponent(stationId)}/commands/${request.command}`, { method: 'POST', body: request });
}

/** Approves a station waiting in Pending, so its next boot is accepted. */
export async function approveStation(client: QueryClient, stationId: string): Promise<void> {
  const updated = await api<StationDetail>(`/stations/${encodeURIComponent(stationId)}/approve`, { method: 'POST' });
  client.setQueryData(keys.station(stationId), updated);
}
