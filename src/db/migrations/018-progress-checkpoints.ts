/**
 * Session progress as a checkpoint: a running session's progress columns are written at most every
 * `PROGRESS_CHECKPOINT_MS` (and at every state change) instead of with every meter value. The samples
 * stay the durable record: `progress_through` is the receive time of the newest message folded into the
 * stored progress, so a process that loads the session replays the samples recorded after it, and a
 * sample's 2.0.1 `seq_no` tells it which TransactionEvents it has already seen.
 */
export const name = 'progress-checkpoints';

export const up = /* sql */ `
alter table sessions add column progress_through timestamptz;
alter table meter_samples add column seq_no integer;
`;
