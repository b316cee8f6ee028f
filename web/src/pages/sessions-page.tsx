/** Every session, filterable by state and station; running ones update live. */
import { downloadUrl } from '../api/client.js';
import type { SessionQuery } from '../api/types.js';
import { Panel } from '../components/feedback.js';
import { PageHeader } from '../components/layout.js';
import { SessionsTable } from '../components/sessions-table.js';
import { useDebounced } from '../components/use-debounced.js';
import { setSearchParams, useLocation } from '../router.js';
import { useEffect, useState } from 'react';

/** The sessions page. */
export function SessionsPage() {
  const { search } = useLocation();
  const state = search.get('state');
  const stationId = search.get('stationId') ?? '';
  const [station, setStation] = useState(stationId);
  const debounced = useDebounced(station.trim());
  const update = (changes: Record<string, string | undefined>) => setSearchParams({ ...Object.fromEntries(search.entries()), ...changes });
  useEffect(() => {
    if (debounced !== stationId) update({ stationId: debounced || undefined });
  }, [debounced]);
  const query: SessionQuery = {
    state: state === 'active' || state === 'completed' ? state : undefined,
    stationId: stationId || undefined,
  };
  return (
    <>
      <PageHeader title="Sessions" subtitle="Charging sessions across the network">
        {(['csv', 'xlsx'] as const).map((format) => (
          <a key={format} className="button button-secondary" href={downloadUrl('/reports/sessions', { ...query, format })} download data-testid={`export-${format}`}>
            Export {format.toUpperCase()}
          </a>
        ))}
      </PageHeader>
      <form className="filters" role="search" onSubmit={(e) => e.preventDefault()}>
        <label className="field">
          <span>State</span>
          <select value={query.state ?? ''} onChange={(e) => update({ state: e.target.value || undefined })}>
            <option value="">Any state</option>
            <option value="active">Charging now</option>
            <option value="completed">Completed</option>
          </select>
        </label>
        <label className="field field-grow">
          <span>Station</span>
          <input type="search" value={station} placeholder="Station id" onChange={(e) => setStation(e.target.value)} />
        </label>
      </form>
      <Panel title="Sessions"><SessionsTable query={query} /></Panel>
    </>
  );
}
