/** A donut of connector counts by status, with a legend that doubles as the accessible description. */
import { statusTone } from './status-badge.js';
import { formatCount } from '../format.js';

const ORDER = ['Available', 'Charging', 'Preparing', 'SuspendedEV', 'SuspendedEVSE', 'Finishing', 'Occupied', 'Reserved', 'Faulted', 'Unavailable'];

/** Renders the counts; statuses not in the usual order come last. */
export function StatusDonut({ counts }: { counts: Record<string, number> }) {
  const entries = Object.entries(counts).filter(([, n]) => n > 0)
    .sort(([a], [b]) => (ORDER.indexOf(a) + 1 || 99) - (ORDER.indexOf(b) + 1 || 99));
  const total = entries.reduce((sum, [, n]) => sum + n, 0);
  const radius = 52;
  const circumference = 2 * Math.PI * radius;
  let offset = 0;
  return (
    <div className="donut">
      <svg viewBox="0 0 140 140" width="150" height="150" aria-hidden="true">
        <circle cx="70" cy="70" r={radius} className="donut-track" />
        {entries.map(([status, n]) => {
          const length = total === 0 ? 0 : (n / total) * circumference;
          const segment = (
            <circle key={status} cx="70" cy="70" r={radius} className={`donut-seg tone-${statusTone(status)}`}
              strokeDasharray={`${length} ${circumference - length}`} strokeDashoffset={-offset} transform="rotate(-90 70 70)" />
          );
          offset += length;
          return segment;
        })}
        <text x="70" y="68" textAnchor="middle" className="donut-total">{formatCount(total)}</text>
        <text x="70" y="88" textAnchor="middle" className="donut-caption">connectors</text>
      </svg>
      <ul className="legend" aria-label="Connectors by status">
        {entries.length === 0 && <li className="muted">No connectors reported yet</li>}
        {entries.map(([status, n]) => (
          <li key={status} data-status={status}>
            <span className={`swatch tone-${statusTone(status)}`} aria-hidden="true" />
            <span className="legend-label">{status}</span>
            <span className="legend-value">{formatCount(n)}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
