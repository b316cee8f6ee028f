import type { BatchChannel } from './batch-committer.js';
import { insertUnnest } from './batch-committer.js';

/** One raw OCPP frame for the message log. */
export interface LoggedFrame {
  atMs: number;
  stationId: string;
  direction: 'in' | 'out';
  messageType?: number;
  messageId?: string;
  action?: string;
  text: string;
}

/** Writes raw frames (both directions) into the day-partitioned ocpp_messages table, in batches. */
export const messageLogChannel: BatchChannel<LoggedFrame> = {
  name: 'ocpp_messages',
  write: (client, frames) =>
    insertUnnest(
      client,
      'ocpp_messages',
      [['recorded_at', 'timestamptz'], ['station_id', 'text'], ['direction', 'char'], ['message_type', 'smallint'], ['message_id', 'text'], ['action', 'text'], ['frame', 'text']],
      frames,
      (f) => [f.atMs, f.stationId, f.direction === 'in' ? 'i' : 'o', f.messageType ?? null, f.messageId ?? null, f.action ?? null, f.text],
    ),
};
