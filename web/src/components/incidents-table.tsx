/** A table of incidents (worst first, then oldest), each row leading to its incident page. */
import type { IncidentView } from '../api/types.js';
import { formatAgo } from '../format.js';
import { Link, navigate } from '../router.js';
import { IncidentStateBadge, SeverityBadge } from './severity-badge.js';
import { useNow } from './use-now.js';

/** What an incident is about, in a few words. */
export function subjectLabel(i: Pick<IncidentView, 'subjectType' | 'stationId' | 'stationName' | 'evseId' | 'connectorId' | 'sessionId' | 'subjectKey'>): string {
  const station = i.stationName ?? i.stationId ?? '';
  switch (i.subjectType) {
    case 'station': return station;
    case 'connector': return `${station} · ${i.evseId ? `EVSE ${i.evseId} ` : ''}connector ${i.connectorId ?? ''}`;
    case 'session': return `Session ${i.sessionId ?? ''}${station ? ` · ${station}` : ''}`;
    default: return i.subjectKey.replace(/^[a-z]+:/, `${i.subjectType} `);
  }
}

/** The table; `showState` adds the state column (lists that mix states). */
export function IncidentsTable({ items, showState = true }: { items: IncidentView[]; showState?: boolean }) {
  const now = useNow(30_000);
  return (
    <div className="scroll-box">
      <table className="simple-table incidents-table">
        <thead>
          <tr>
            <th scope="col">Severity</th><th scope="col">Problem</th><th scope="col">Subject</th>
            {showState && <th scope="col">State</th>}
            <th scope="col">Opened</th><th scope="col">Last seen</th><th scope="col" className="num">Times</th><th scope="col">Assignee</th>
          </tr>
        </thead>
        <tbody>
          {items.map((i) => (
            <tr key={i.id} className="clickable" data-incident={i.id} onClick={(e) => { if (!(e.target as HTMLElement).closest('a')) navigate(`/incidents/${i.id}`); }}>
              <td><SeverityBadge severity={i.severity} /></td>
              <td><Link to={`/incidents/${i.id}`} className="strong">{i.title}</Link><div className="muted small">{i.ruleName}</div></td>
              <td>{i.stationId ? <Link to={`/stations/${encodeURIComponent(i.stationId)}`}>{subjectLabel(i)}</Link> : subjectLabel(i)}</td>
              {showState && <td><IncidentStateBadge state={i.state} /></td>}
              <td className="nowrap" title={i.firstSeenAt}>{formatAgo(i.firstSeenAt, now)}</td>
              <td className="nowrap" title={i.lastSeenAt}>{formatAgo(i.lastSeenAt, now)}</td>
              <td className="num">{i.occurrences}</td>
              <td className="muted">{i.assigneeName ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
