/** Health: unresolved incidents (live, worst first and oldest first) with filters, and the station health list. */
import { useEffect, useState } from 'react';
import { useIncidentPages, useStationHealth } from '../api/incidents.js';
import { useSites } from '../api/queries.js';
import type { IncidentQuery } from '../api/types.js';
import { Empty, ErrorBox, Loading, Panel } from '../components/feedback.js';
import { IncidentsTable } from '../components/incidents-table.js';
import { PageHeader } from '../components/layout.js';
import { StationHealthTable } from '../components/station-health-table.js';
import { useDebounced } from '../components/use-debounced.js';
import { useNow } from '../components/use-now.js';
import { Link, setSearchParams, useLocation } from '../router.js';

const STATES: Record<string, string> = { '': 'Unresolved', open: 'Open', acknowledged: 'Acknowledged', resolved: 'Resolved' };

/** The health page. */
export function HealthPage() {
  const { search } = useLocation();
  const stationId = search.get('stationId') ?? '';
  const [station, setStation] = useState(stationId);
  const debounced = useDebounced(station.trim());
  const update = (changes: Record<string, string | undefined>) => setSearchParams({ ...Object.fromEntries(search.entries()), ...changes });
  useEffect(() => {
    if (debounced !== stationId) update({ stationId: debounced || undefined });
  }, [debounced]);
  const sites = useSites();
  const state = search.get('state') ?? '';
  const query: IncidentQuery = {
    state: state in STATES && state !== '' ? state : undefined,
    severity: search.get('severity') ?? undefined,
    siteId: search.get('siteId') ?? undefined,
    stationId: stationId || undefined,
    mine: search.get('mine') === 'true' ? true : undefined,
  };
  return (
    <>
      <PageHeader title="Health" subtitle="Problems across the network, worst first">
        <Link to="/health/rules" className="button button-secondary">Alert rules</Link>
      </PageHeader>
      <form className="filters" role="search" onSubmit={(e) => e.preventDefault()}>
        <label className="field">
          <span>State</span>
          <select value={state} onChange={(e) => update({ state: e.target.value || undefined })}>
            {Object.entries(STATES).map(([value, label]) => <option key={value} value={value}>{label}</option>)}
          </select>
        </label>
        <label className="field">
          <span>Severity</span>
          <select value={query.severity ?? ''} onChange={(e) => update({ severity: e.target.value || undefined })}>
            <option value="">Any</option>
            <option value="critical">Critical</option>
            <option value="warning">Warning</option>
            <option value="info">Info</option>
          </select>
        </label>
        <label className="field">
          <span>Site</span>
          <select value={query.siteId ?? ''} onChange={(e) => update({ siteId: e.target.value || undefined })}>
            <option value="">All sites</option>
            {sites.data?.map((s) => <option key={s.id} value={s.id}>{s.name}</option>)}
          </select>
        </label>
        <label className="field field-grow">
          <span>Station</span>
          <input type="search" value={station} placeholder="Station id" onChange={(e) => setStation(e.target.value)} />
        </label>
        <label className="field-inline">
          <input type="checkbox" checked={query.mine === true} onChange={(e) => update({ mine: e.target.checked ? 'true' : undefined })} />
          <span>Assigned to me</span>
        </label>
      </form>
      <IncidentsPanel query={query} />
      <StationHealthPanel siteId={query.siteId} />
    </>
  );
}

function IncidentsPanel({ query }: { query: IncidentQuery }) {
  const pages = useIncidentPages(query);
  const items = pages.data?.pages.flatMap((p) => p.items) ?? [];
  const total = pages.data?.pages[0]?.total;
  return (
    <Panel title={total === undefined ? 'Incidents' : `Incidents (${total})`}>
      {pages.isPending ? <Loading /> : pages.isError ? <ErrorBox error={pages.error} /> : items.length === 0 ? <Empty>No incidents match.</Empty> : (
        <>
          <IncidentsTable items={items} showState={query.state === undefined || query.state === 'resolved'} />
          {pages.hasNextPage && (
            <button type="button" className="button button-ghost" disabled={pages.isFetchingNextPage} onClick={() => void pages.fetchNextPage()}>More incidents</button>
          )}
        </>
      )}
    </Panel>
  );
}

function StationHealthPanel({ siteId }: { siteId: string | undefined }) {
  const pages = useStationHealth({ siteId });
  const now = useNow(30_000);
  const items = pages.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Panel title="Station health" className="station-health">
      {pages.isPending ? <Loading /> : pages.isError ? <ErrorBox error={pages.error} /> : items.length === 0 ? <Empty>No station has had an incident in the last 30 days.</Empty> : (
        <>
          <StationHealthTable items={items} now={now} />
          {pages.hasNextPage && (
            <button type="button" className="button button-ghost" disabled={pages.isFetchingNextPage} onClick={() => void pages.fetchNextPage()}>More stations</button>
          )}
        </>
      )}
    </Panel>
  );
}
