import { insertColumnsStatement, statementChannel, toColumns, type UnnestColumn } from './batch-committer.js';

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

const COLUMNS: readonly UnnestColumn[] = [['recorded_at', 'timestamptz'], ['station_id', 'text'], ['direction', 'char'], ['message_type', 'smallint'], ['message_id', 'text'], ['action', 'text'], ['frame', 'text']];

/** Writes raw frames (both directions) into the day-partitioned ocpp_messages table, in batches. */
export const messageLogChannel = statementChannel<LoggedFrame>('ocpp_messages', (frames, first) =>
  insertColumnsStatement('ocpp_messages', COLUMNS, toColumns(COLUMNS, frames, (f) => [f.atMs, f.stationId, f.direction === 'in' ? 'i' : 'o', f.messageType ?? null, f.messageId ?? null, f.action ?? null, f.text]), first));
