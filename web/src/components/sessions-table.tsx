/** Sessions as a table with "load more", live power/energy for running ones; used on several pages. */
import { flatItems, useSessionPages } from '../api/queries.js';
import type { SessionQuery, SessionView } from '../api/types.js';
import { formatDateTime, formatDuration, formatEnergy, formatPower } from '../format.js';
import { Link, navigate } from '../router.js';
import { Empty, ErrorBox, Loading } from './feedback.js';
import { useNow } from './use-now.js';

function duration(s: SessionView, now: number): string {
  if (s.state === 'active') return formatDuration((now - Date.parse(s.startedAt)) / 1000);
  return formatDuration(s.durationS);
}

/** The table; `showStation` adds the station column (off on a station's own page). */
export function SessionsTable({ query, showStation = true }: { query: SessionQuery; showStation?: boolean }) {
  const pages = useSessionPages(query);
  const now = useNow(5_000);
  const rows = flatItems(pages.data);
  if (pages.isPending) return <Loading />;
  if (pages.isError) return <ErrorBox error={pages.error} />;
  if (rows.length === 0) return <Empty>No sessions{query.state === 'active' ? ' running' : ''}.</Empty>;
  return (
    <>
      <div className="scroll-box">
        <table className="simple-table sessions">
          <thead>
            <tr>
              <th scope="col">Session</th>
              {showStation && <th scope="col">Station</th>}
              <th scope="col">Connector</th>
              <th scope="col">State</th>
              <th scope="col">Started</th>
              <th scope="col" className="num">Duration</th>
              <th scope="col" className="num">Energy</th>
              <th scope="col" className="num">Power</th>
              <th scope="col" className="num">SoC</th>
              <th scope="col">Id token</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((s) => (
              <tr key={s.id} className="clickable" data-session={s.id} onClick={(e) => { if (!(e.target as HTMLElement).closest('a')) navigate(`/sessions/${s.id}`); }}>
                <td><Link to={`/sessions/${s.id}`} className="strong">#{s.id}</Link></td>
                {showStation && <td><Link to={`/stations/${encodeURIComponent(s.stationId)}`} className="mono">{s.stationId}</Link></td>}
                <td>{s.evseId}/{s.connectorId}</td>
                <td><span className={`badge ${s.state === 'active' ? 'tone-charging' : 'tone-neutral'}`}>{s.state === 'active' ? 'Charging' : 'Completed'}</span></td>
                <td className="nowrap">{formatDateTime(s.startedAt)}</td>
                <td className="num nowrap">{duration(s, now)}</td>
                <td className="num nowrap">{formatEnergy(s.energyWh)}</td>
                <td className="num nowrap">{s.state === 'active' ? formatPower(s.powerW) : '—'}</td>
                <td className="num">{s.soc === null ? '—' : `${Math.round(s.soc)} %`}</td>
                <td className="mono">{s.idToken ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {pages.hasNextPage && (
        <button type="button" className="button button-ghost button-block" onClick={() => void pages.fetchNextPage()} disabled={pages.isFetchingNextPage}>
          {pages.isFetchingNextPage ? 'Loading…' : 'More sessions'}
        </button>
      )}
    </>
  );
}
