/** The network's security: recent station security events and camera/sensor events with filters; camera sources for admins. */
import { useEffect, useState } from 'react';
import { useMe } from '../api/auth.js';
import { useSites } from '../api/queries.js';
import { SECURITY_TONE, useCameraEventPages, useSecurityEventPages } from '../api/security.js';
import type { CameraEventQuery, CameraEventView, SecurityEventQuery, StationSecurityEventView } from '../api/types.js';
import { Empty, ErrorBox, Loading, Panel } from '../components/feedback.js';
import { PageHeader } from '../components/layout.js';
import { SecuritySourcesAdmin } from '../components/security-sources-admin.js';
import { useDebounced } from '../components/use-debounced.js';
import { formatDateTime } from '../format.js';
import { Link, setSearchParams, useLocation } from '../router.js';

const SEVERITIES = ['critical', 'warning', 'info'] as const;

/** `datetime-local` text as an ISO time, or undefined. */
const iso = (local: string | null): string | undefined => (local ? new Date(local).toISOString() : undefined);

function StationLink({ id }: { id: string }) {
  return <Link to={`/stations/${encodeURIComponent(id)}`} className="mono">{id}</Link>;
}

function MoreButton({ pages }: { pages: { hasNextPage: boolean; isFetchingNextPage: boolean; fetchNextPage(): Promise<unknown> } }) {
  if (!pages.hasNextPage) return null;
  return (
    <button type="button" className="button button-ghost button-block" onClick={() => void pages.fetchNextPage()} disabled={pages.isFetchingNextPage}>
      {pages.isFetchingNextPage ? 'Loading…' : 'Show more'}
    </button>
  );
}

function StationEvents({ query }: { query: SecurityEventQuery }) {
  const pages = useSecurityEventPages(query);
  if (pages.isPending) return <Loading />;
  if (pages.isError) return <ErrorBox error={pages.error} />;
  const rows: StationSecurityEventView[] = pages.data.pages.flatMap((p) => p.items);
  if (rows.length === 0) return <Empty>No station security events match.</Empty>;
  return (
    <>
      <div className="scroll-box">
        <table className="simple-table" data-testid="security-events-table">
          <thead><tr><th scope="col">Time</th><th scope="col">Station</th><th scope="col">Type</th><th scope="col">Severity</th><th scope="col">Tech info</th></tr></thead>
          <tbody>{rows.map((e) => (
            <tr key={e.id}>
              <td className="nowrap">{formatDateTime(e.at)}</td><td><StationLink id={e.stationId} /></td><td>{e.type}</td>
              <td><span className={`badge ${SECURITY_TONE[e.severity]}`}>{e.severity}</span></td><td className="muted detail-cell">{e.techInfo ?? ''}</td>
            </tr>
          ))}</tbody>
        </table>
      </div>
      <MoreButton pages={pages} />
    </>
  );
}

function CameraEvents({ query }: { query: CameraEventQuery }) {
  const pages = useCameraEventPages(query);
  if (pages.isPending) return <Loading />;
  if (pages.isError) return <ErrorBox error={pages.error} />;
  const rows: CameraEventView[] = pages.data.pages.flatMap((p) => p.items);
  if (rows.length === 0) return <Empty>No camera or sensor events match.</Empty>;
  return (
    <>
      <div className="scroll-box">
        <table className="simple-table" data-testid="camera-events-table">
          <thead><tr><th scope="col">Time</th><th scope="col">Source</th><th scope="col">Camera</th><th scope="col">Event</th><th scope="col">Stations</th><th scope="col">Snapshot</th></tr></thead>
          <tbody>{rows.map((e) => (
            <tr key={e.id}>
              <td className="nowrap">{formatDateTime(e.at)}</td><td>{e.sourceName}</td><td className="mono">{e.cameraId}</td>
              <td><span className={`badge ${e.eventType === 'tamper' || e.eventType === 'intrusion' ? 'tone-fault' : 'tone-info'}`}>{e.eventType}</span></td>
              <td>{e.stationIds.length ? e.stationIds.map((id, i) => <span key={id}>{i > 0 && ', '}<StationLink id={id} /></span>) : <span className="muted">{e.siteId ? 'site' : 'unmapped'}</span>}</td>
              <td>{e.snapshotUrl ? <a href={e.snapshotUrl} target="_blank" rel="noreferrer noopener">open</a> : ''}</td>
            </tr>
          ))}</tbody>
        </table>
      </div>
      <MoreButton pages={pages} />
    </>
  );
}

/** The security page. */
export function SecurityPage() {
  const isAdmin = useMe().data?.user?.role === 'admin';
  const sites = useSites();
  const { search } = useLocation();
  const get = (k: string) => search.get(k) ?? '';
  const update = (changes: Record<string, string | undefined>) => setSearchParams({ ...Object.fromEntries(search.entries()), ...changes });
  const [station, setStation] = useState(get('stationId'));
  const [type, setType] = useState(get('type'));
  const debouncedStation = useDebounced(station.trim());
  const debouncedType = useDebounced(type.trim());
  useEffect(() => {
    if (debouncedStation !== get('stationId') || debouncedType !== get('type')) update({ stationId: debouncedStation || undefined, type: debouncedType || undefined });
  }, [debouncedStation, debouncedType]);
  const period = { from: iso(search.get('from')), to: iso(search.get('to')) };
  const severity = SEVERITIES.find((s) => s === search.get('severity'));
  const events: SecurityEventQuery = { stationId: get('stationId') || undefined, siteId: get('siteId') || undefined, severity, type: get('type') || undefined, ...period };
  const cameras: CameraEventQuery = { stationId: get('stationId') || undefined, siteId: get('siteId') || undefined, eventType: get('eventType') || undefined, ...period };
  return (
    <>
      <PageHeader title="Security" subtitle="Station security events and camera / sensor events across the network" />
      <form className="filters" role="search" onSubmit={(e) => e.preventDefault()}>
        <label className="field"><span>Station</span><input type="search" value={station} placeholder="Station id" onChange={(e) => setStation(e.target.value)} /></label>
        <label className="field"><span>Site</span>
          <select value={get('siteId')} onChange={(e) => update({ siteId: e.target.value || undefined })}>
            <option value="">All sites</option>{(sites.data ?? []).map((s) => <option key={s.id} value={s.id}>{s.name}</option>)}
          </select>
        </label>
        <label className="field"><span>Severity</span>
          <select value={severity ?? ''} onChange={(e) => update({ severity: e.target.value || undefined })}>
            <option value="">Any</option>{SEVERITIES.map((s) => <option key={s} value={s}>{s}</option>)}
          </select>
        </label>
        <label className="field"><span>Event type</span><input type="search" value={type} placeholder="e.g. TamperDetectionActivated" onChange={(e) => setType(e.target.value)} /></label>
        <label className="field"><span>Camera event</span>
          <select value={get('eventType')} onChange={(e) => update({ eventType: e.target.value || undefined })}>
            <option value="">Any</option>{['motion', 'tamper', 'intrusion', 'door_open'].map((t) => <option key={t} value={t}>{t}</option>)}
          </select>
        </label>
        <label className="field"><span>From</span><input type="datetime-local" value={get('from')} onChange={(e) => update({ from: e.target.value || undefined })} /></label>
        <label className="field"><span>To</span><input type="datetime-local" value={get('to')} onChange={(e) => update({ to: e.target.value || undefined })} /></label>
      </form>
      <div className="stack">
        <Panel title="Station security events"><StationEvents query={events} /></Panel>
        <Panel title="Camera and sensor events"><CameraEvents query={cameras} /></Panel>
        {isAdmin && <SecuritySourcesAdmin />}
      </div>
    </>
  );
}
