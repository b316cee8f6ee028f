/** The station health list: per station its unresolved incidents, worst severity and last fault. */
import type { ReactNode } from 'react';
import type { StationHealthItem } from '../api/types.js';
import { formatAgo } from '../format.js';
import { Link } from '../router.js';
import { SeverityBadge } from './severity-badge.js';
import { OnlineMark } from './status-badge.js';

/** One column of the list: a header and how a row shows it. Add columns (uptime …) to STATION_HEALTH_COLUMNS. */
export interface HealthColumn {
  key: string;
  header: string;
  numeric?: boolean;
  cell(item: StationHealthItem, now: number): ReactNode;
}

/** The columns, in order. */
export const STATION_HEALTH_COLUMNS: HealthColumn[] = [
  { key: 'station', header: 'Station', cell: (s) => <Link to={`/stations/${encodeURIComponent(s.stationId)}`} className="strong">{s.stationName ?? s.stationId}</Link> },
  { key: 'online', header: 'Connection', cell: (s) => (s.online === null ? <span className="muted">Removed</span> : <OnlineMark online={s.online} />) },
  { key: 'worst', header: 'Worst open', cell: (s) => (s.worstSeverity ? <SeverityBadge severity={s.worstSeverity} /> : <span className="muted">—</span>) },
  { key: 'open', header: 'Open incidents', numeric: true, cell: (s) => s.openIncidents },
  { key: 'recent', header: 'Last 30 days', numeric: true, cell: (s) => s.incidents30d },
  {
    key: 'uptime', header: 'Uptime 30 days', numeric: true,
    cell: (s) => (s.uptime30d === null ? <span className="muted">—</span> : <span title="NEVI uptime of its ports over the last 30 days">{s.uptime30d.toFixed(2)} %</span>),
  },
  { key: 'lastFault', header: 'Last fault', cell: (s, now) => <span title={s.lastFaultAt ?? ''}>{formatAgo(s.lastFaultAt, now)}</span> },
];

/** The table. */
export function StationHealthTable({ items, now, columns = STATION_HEALTH_COLUMNS }: { items: StationHealthItem[]; now: number; columns?: HealthColumn[] }) {
  return (
    <div className="scroll-box">
      <table className="simple-table">
        <thead>
          <tr>{columns.map((c) => <th key={c.key} scope="col" className={c.numeric ? 'num' : undefined}>{c.header}</th>)}</tr>
        </thead>
        <tbody>
          {items.map((s) => (
            <tr key={s.stationId} data-station={s.stationId}>
              {columns.map((c) => <td key={c.key} className={c.numeric ? 'num' : undefined}>{c.cell(s, now)}</td>)}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
