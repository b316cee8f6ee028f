/** A station's security story: its security events, camera events, connector statuses, failed logins and refused tokens. */
import { SECURITY_TONE, useSecurityTimeline } from '../../api/security.js';
import type { SecurityTimelineEntry, SecurityTimelineKind } from '../../api/types.js';
import { Empty, ErrorBox, Loading, Panel } from '../../components/feedback.js';
import { formatDateTime } from '../../format.js';

const KIND_LABEL: Record<SecurityTimelineKind, string> = {
  security_event: 'Station', camera_event: 'Camera', connector_status: 'Connector', login_failed: 'Login', authorization_refused: 'Token',
};

function Extra({ entry }: { entry: SecurityTimelineEntry }) {
  const d = entry.detail;
  if (entry.kind === 'camera_event') {
    return (
      <span className="muted">
        {d.siteWide === true ? 'site camera' : 'station camera'}
        {typeof d.snapshotUrl === 'string' && <> · <a href={d.snapshotUrl} target="_blank" rel="noreferrer noopener">snapshot</a></>}
      </span>
    );
  }
  if (entry.kind === 'connector_status' && typeof d.info === 'string') return <span className="muted">{d.info}</span>;
  return null;
}

/** The security timeline tab of the station page, newest first, kept current by the live stream. */
export function SecurityTimelinePanel({ stationId }: { stationId: string }) {
  const pages = useSecurityTimeline(stationId);
  const entries = pages.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Panel title="Security timeline (last 7 days)">
      {pages.isPending ? <Loading /> : pages.isError ? <ErrorBox error={pages.error} /> : entries.length === 0 ? <Empty>No security events, camera events, status changes or refused attempts in the last 7 days.</Empty> : (
        <ol className="timeline" data-testid="security-timeline">
          {entries.map((e) => (
            <li key={`${e.kind}-${e.id}`} className={`timeline-entry sev-${e.severity}`} data-kind={e.kind}>
              <div className="timeline-head">
                <span className="muted nowrap">{formatDateTime(e.at)}</span>
                <span className={`badge ${SECURITY_TONE[e.severity]}`}>{KIND_LABEL[e.kind]}</span>
                <span className="strong">{e.title}</span>
                <Extra entry={e} />
              </div>
            </li>
          ))}
        </ol>
      )}
      {pages.hasNextPage && (
        <button type="button" className="button button-ghost button-block" onClick={() => void pages.fetchNextPage()} disabled={pages.isFetchingNextPage}>
          {pages.isFetchingNextPage ? 'Loading…' : 'Show older'}
        </button>
      )}
    </Panel>
  );
}
