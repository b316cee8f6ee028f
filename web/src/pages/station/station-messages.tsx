/** The station's raw OCPP message log, newest first, filterable by action. */
import { useState } from 'react';
import { flatItems, useMessages } from '../../api/queries.js';
import type { OcppMessageView } from '../../api/types.js';
import { Empty, ErrorBox, Loading, Panel } from '../../components/feedback.js';
import { useDebounced } from '../../components/use-debounced.js';
import { formatDateTime, formatTime } from '../../format.js';

const ACTIONS = [
  'BootNotification', 'Heartbeat', 'StatusNotification', 'MeterValues', 'Authorize', 'StartTransaction', 'StopTransaction', 'TransactionEvent',
  'NotifyReport', 'NotifyEvent', 'SecurityEventNotification', 'FirmwareStatusNotification', 'DataTransfer', 'Reset', 'RemoteStartTransaction',
  'RemoteStopTransaction', 'RequestStartTransaction', 'RequestStopTransaction', 'ChangeConfiguration', 'GetConfiguration', 'SetVariables',
  'GetVariables', 'GetBaseReport', 'TriggerMessage', 'ChangeAvailability', 'UnlockConnector', 'ClearCache',
];

const TYPES: Record<number, string> = { 2: 'CALL', 3: 'RESULT', 4: 'ERROR' };

function MessageRow({ m }: { m: OcppMessageView }) {
  return (
    <tr>
      <td className="nowrap" title={formatDateTime(m.at)}>{formatTime(m.at)}</td>
      <td><span className={`direction dir-${m.direction}`} title={m.direction === 'in' ? 'From the station' : 'To the station'}>{m.direction === 'in' ? '← in' : '→ out'}</span></td>
      <td><span className={`msgtype type-${m.messageType ?? 0}`}>{m.messageType ? TYPES[m.messageType] ?? m.messageType : '?'}</span></td>
      <td className="strong">{m.action ?? '—'}</td>
      <td className="frame">
        <details>
          <summary className="mono ellipsis">{m.frame}</summary>
          <pre className="code">{pretty(m.frame)}</pre>
        </details>
      </td>
    </tr>
  );
}

function pretty(frame: string): string {
  try {
    return JSON.stringify(JSON.parse(frame), null, 2);
  } catch {
    return frame;
  }
}

/** The message log panel. */
export function StationMessages({ stationId }: { stationId: string }) {
  const [action, setAction] = useState('');
  const debounced = useDebounced(action.trim());
  const log = useMessages(stationId, debounced);
  const rows = flatItems(log.data);
  return (
    <Panel
      title="Message log"
      actions={<button type="button" className="button button-ghost button-small" onClick={() => void log.refetch()} disabled={log.isFetching}>{log.isFetching ? 'Loading…' : 'Refresh'}</button>}
    >
      <label className="field field-inline">
        <span>Action</span>
        <input list="ocpp-actions" value={action} onChange={(e) => setAction(e.target.value)} placeholder="All actions" />
        <datalist id="ocpp-actions">{ACTIONS.map((a) => <option key={a} value={a} />)}</datalist>
      </label>
      {log.isPending ? <Loading /> : log.isError ? <ErrorBox error={log.error} /> : rows.length === 0 ? <Empty>No messages{debounced ? ` for ${debounced}` : ''}.</Empty> : (
        <>
          <div className="scroll-box tall">
            <table className="simple-table messages">
              <thead><tr><th scope="col">Time</th><th scope="col">Dir.</th><th scope="col">Type</th><th scope="col">Action</th><th scope="col">Frame</th></tr></thead>
              <tbody>{rows.map((m, i) => <MessageRow key={`${m.at}-${m.messageId}-${m.direction}-${i}`} m={m} />)}</tbody>
            </table>
          </div>
          {log.hasNextPage && (
            <button type="button" className="button button-ghost button-block" onClick={() => void log.fetchNextPage()} disabled={log.isFetchingNextPage}>
              {log.isFetchingNextPage ? 'Loading…' : 'Older messages'}
            </button>
          )}
        </>
      )}
    </Panel>
  );
}
