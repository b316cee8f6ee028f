/** One incident: its facts, the operator's actions, and its timeline, all live. */
import { useMe } from '../api/auth.js';
import { useIncident } from '../api/incidents.js';
import { ErrorBox, Facts, Loading, Panel } from '../components/feedback.js';
import { IncidentActions, IncidentNoteForm } from '../components/incident-actions.js';
import { IncidentTimelineList } from '../components/incident-timeline.js';
import { subjectLabel } from '../components/incidents-table.js';
import { PageHeader } from '../components/layout.js';
import { IncidentStateBadge, SeverityBadge } from '../components/severity-badge.js';
import { formatDateTime } from '../format.js';
import { Link } from '../router.js';

/** Roles that may act on incidents (the API's COMMAND_ROLES). */
const ACTING_ROLES = new Set(['admin', 'operator', 'technician']);

/** The incident page. */
export function IncidentPage({ id }: { id: number }) {
  const incident = useIncident(id);
  const me = useMe();
  const back = { to: '/health', label: 'Health' };
  if (!Number.isInteger(id)) return <ErrorBox error={new Error('This is not an incident number.')} />;
  if (incident.isPending) return <Loading />;
  if (incident.isError) return <><PageHeader title={`Incident #${id}`} back={back} /><ErrorBox error={incident.error} /></>;
  const { incident: i, timeline } = incident.data;
  // Facts a station did not send (no info, no vendor code) are left out rather than shown as "null".
  const details = Object.entries(i.details).filter((entry): entry is [string, NonNullable<unknown>] => entry[1] !== null && entry[1] !== undefined && entry[1] !== '');
  const canAct = ACTING_ROLES.has(me.data?.user.role ?? '');
  return (
    <>
      <PageHeader title={i.title} back={back} subtitle={(
        <span className="header-meta">
          <SeverityBadge severity={i.severity} />
          <IncidentStateBadge state={i.state} />
          <span>#{i.id} · {i.ruleName}</span>
        </span>
      )} />
      {canAct && <Panel title="Actions"><IncidentActions incident={i} /></Panel>}
      <div className="grid">
        <Panel title="Facts">
          <Facts items={[
            ['Subject', i.stationId ? <Link to={`/stations/${encodeURIComponent(i.stationId)}`}>{subjectLabel(i)}</Link> : subjectLabel(i)],
            ['Rule', i.ruleName], ['Category', i.category], ['Occurrences', String(i.occurrences)],
            ['First seen', formatDateTime(i.firstSeenAt)], ['Last seen', formatDateTime(i.lastSeenAt)],
            ['Acknowledged', i.acknowledgedAt ? `${formatDateTime(i.acknowledgedAt)} by ${i.acknowledgedBy ?? '?'}` : '—'],
            ['Assignee', i.assigneeName ?? '—'], ['Escalated', formatDateTime(i.escalatedAt)],
            ['Resolved', i.resolvedAt ? `${formatDateTime(i.resolvedAt)} by ${i.resolvedBy ?? '?'}${i.autoResolved ? ' (automatically)' : ''}` : '—'],
            ['Resolution', i.resolutionNote ?? '—'], ['Ticket', i.ticketId !== null ? `#${i.ticketId}` : '—'],
          ]} />
        </Panel>
        <Panel title="Details" className="span-2">
          {details.length === 0 ? <span className="muted">No details.</span> : (
            <Facts items={details.map(([k, v]) => [k, typeof v === 'object' ? <span className="code">{JSON.stringify(v)}</span> : String(v)])} />
          )}
        </Panel>
      </div>
      <Panel title="Timeline">
        <IncidentTimelineList entries={timeline} />
        {canAct && <IncidentNoteForm incidentId={i.id} />}
      </Panel>
    </>
  );
}
