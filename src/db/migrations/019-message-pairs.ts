/**
 * The message log keeps a station's CALL and our answer to it in one row: `frame` is the CALL as received,
 * `answer` the CALLRESULT or CALLERROR sent back at `answered_at` (`answer_type` 3 or 4). Rows without an
 * answer hold one frame, as every row did before: frames in our direction, the station's answers to our
 * CALLs, unreadable frames, and CALLs never answered. Half the rows and index entries per exchange.
 */
export const name = 'message-pairs';

export const up = /* sql */ `
alter table ocpp_messages add column answered_at timestamptz, add column answer_type smallint, add column answer text;
`;
