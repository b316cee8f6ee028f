/** An incident's timeline, oldest first: what happened, who did it, and the facts each entry carries. */
import type { TimelineEntry } from '../api/types.js';
import { formatDateTime } from '../format.js';

const KIND_LABEL: Record<string, string> = {
  opened: 'Opened', occurred: 'Occurred again', escalated: 'Escalated', acknowledged: 'Acknowledged', assigned: 'Assigned', note: 'Note',
  remediation: 'Remediation', ticket: 'Ticket', notified: 'Notified', resolved: 'Resolved', reopened: 'Reopened',
};

/** The timeline list. */
export function IncidentTimelineList({ entries }: { entries: TimelineEntry[] }) {
  return (
    <ol className="timeline" data-testid="incident-timeline">
      {entries.map((t) => (
        <li key={t.id} className={`timeline-entry kind-${t.kind}`} data-kind={t.kind}>
          <div className="timeline-head">
            <strong>{KIND_LABEL[t.kind] ?? t.kind}</strong>
            <span className="muted small">{formatDateTime(t.at)} · {t.actor}</span>
          </div>
          <div className="break">{t.message}</div>
          {Object.keys(t.data).length > 0 && (
            <details className="timeline-data">
              <summary className="muted small">Details</summary>
              <pre className="code">{JSON.stringify(t.data, null, 2)}</pre>
            </details>
          )}
        </li>
      ))}
    </ol>
  );
}
