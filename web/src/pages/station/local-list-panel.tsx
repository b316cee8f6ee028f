/** The station's local authorization list: our version against the station's, sync state, and sync / check by hand. */
import type { ReactNode } from 'react';
import { useLocalList, useLocalListAction } from '../../api/local-list.js';
import type { LocalListState, StationDetail } from '../../api/types.js';
import { ErrorBox, Facts, Loading, Panel } from '../../components/feedback.js';
import { formatDateTime } from '../../format.js';

const STATES: Record<LocalListState, { label: string; tone: string }> = {
  in_sync: { label: 'In sync', tone: 'tone-ok' }, pending: { label: 'Update due', tone: 'tone-info' }, failed: { label: 'Failed', tone: 'tone-fault' },
  not_supported: { label: 'Not supported', tone: 'tone-neutral' }, disabled: { label: 'Switched off', tone: 'tone-off' },
};

/** The local list panel; its buttons wait for the station's answer and show it. */
export function LocalListPanel({ station }: { station: StationDetail }) {
  const list = useLocalList(station.id);
  const action = useLocalListAction(station.id);
  const offline = !station.online;
  const answer = action.data;
  const state = list.data ? STATES[list.data.state] : undefined;
  return (
    <Panel title="Local list" actions={state && <span className={`badge ${state.tone}`}>{state.label}</span>}>
      {list.isPending ? <Loading /> : list.isError ? <ErrorBox error={list.error} /> : (
        <Facts items={([
          ['Version (ours / station)', <span className="mono">{list.data.ourVersion} / {list.data.stationVersion ?? '—'}</span>],
          ['Entries', `${list.data.entries}${list.data.dropped > 0 ? ` (${list.data.dropped} did not fit)` : ''}${list.data.maxEntries !== null ? ` of at most ${list.data.maxEntries}` : ''}`],
          ['Last sync', formatDateTime(list.data.lastSyncAt)], ['Last attempt', formatDateTime(list.data.lastAttemptAt)],
          ['Next retry', list.data.nextAttemptAt ? formatDateTime(list.data.nextAttemptAt) : null],
          ['Error', list.data.error ? <span className="muted">{list.data.error}</span> : null],
        ] as Array<[string, ReactNode]>).filter(([, v]) => v !== null)} />
      )}
      <div className="command-grid">
        <button type="button" className="button button-secondary" disabled={offline || action.isPending} onClick={() => action.mutate({ sync: { full: false } })}>Sync</button>
        <button type="button" className="button button-secondary" disabled={offline || action.isPending} onClick={() => action.mutate({ sync: { full: true } })}>Send full list</button>
        <button type="button" className="button button-secondary" disabled={offline || action.isPending} onClick={() => action.mutate({ check: true })}>Check version</button>
      </div>
      {offline && <p className="muted small">The station is offline; its list is updated when it connects.</p>}
      {action.isError && <ErrorBox error={action.error} title="The station did not take it" />}
      {answer && (
        <div className={`alert ${'status' in answer ? (answer.status === 'Accepted' || answer.status === 'UpToDate' ? 'alert-ok' : 'alert-warn') : answer.inSync ? 'alert-ok' : 'alert-warn'}`} role="status">
          {'status' in answer
            ? `Station answered ${answer.status}${answer.messages > 0 ? ` (${answer.messages} message${answer.messages > 1 ? 's' : ''}, ${answer.full ? 'full' : 'differential'})` : ''}.`
            : `Station reports version ${answer.stationVersion ?? 'none (no local list)'}; ours is ${answer.ourVersion}${answer.inSync ? ' — in sync' : ' — a full update follows'}.`}
        </div>
      )}
    </Panel>
  );
}
