/** Maintenance tickets: a technician's own queue first; operators see every ticket. */
import { useState, useEffect } from 'react';
import { useMe } from '../api/auth.js';
import { useTicketPages } from '../api/tickets.js';
import type { TicketQuery, TicketView } from '../api/types.js';
import { Empty, ErrorBox, Loading, Panel } from '../components/feedback.js';
import { PageHeader } from '../components/layout.js';
import { NewTicketButton } from '../components/new-ticket-button.js';
import { PriorityBadge, TicketStatusBadge } from '../components/ticket-badges.js';
import { useDebounced } from '../components/use-debounced.js';
import { useNow } from '../components/use-now.js';
import { formatAgo } from '../format.js';
import { Link, navigate, setSearchParams, useLocation } from '../router.js';

type View = 'mine' | 'open' | 'all';
const VIEWS: Array<{ id: View; label: string }> = [{ id: 'mine', label: 'My queue' }, { id: 'open', label: 'Active' }, { id: 'all', label: 'All' }];
const ACTIVE = 'open,in_progress,resolved';

/** The tickets page. */
export function TicketsPage() {
  const me = useMe();
  const role = me.data?.user.role;
  const { search } = useLocation();
  const requested = search.get('view');
  const view: View = requested === 'mine' || requested === 'open' || requested === 'all' ? requested : role === 'technician' ? 'mine' : 'open';
  const stationId = search.get('stationId') ?? '';
  const [station, setStation] = useState(stationId);
  const debounced = useDebounced(station.trim());
  const update = (changes: Record<string, string | undefined>) => setSearchParams({ ...Object.fromEntries(search.entries()), ...changes });
  useEffect(() => {
    if (debounced !== stationId) update({ stationId: debounced || undefined });
  }, [debounced]);
  const query: TicketQuery = {
    ...(view === 'mine' ? { mine: true, status: ACTIVE } : view === 'open' ? { status: ACTIVE } : {}),
    stationId: stationId || undefined,
  };
  const canCreate = role === 'admin' || role === 'operator' || role === 'technician';
  return (
    <>
      <PageHeader title="Tickets" subtitle="Maintenance work on stations">{canCreate && <NewTicketButton stationId={stationId} />}</PageHeader>
      <form className="filters" role="search" onSubmit={(e) => e.preventDefault()}>
        <div className="segmented" role="group" aria-label="Which tickets">
          {VIEWS.map((v) => (
            <button key={v.id} type="button" aria-pressed={v.id === view} className={v.id === view ? 'active' : ''} onClick={() => update({ view: v.id })}>{v.label}</button>
          ))}
        </div>
        <label className="field field-grow">
          <span>Station</span>
          <input type="search" value={station} placeholder="Station id" onChange={(e) => setStation(e.target.value)} />
        </label>
      </form>
      <Panel title={VIEWS.find((v) => v.id === view)!.label}><TicketsTable query={query} /></Panel>
    </>
  );
}

function TicketsTable({ query }: { query: TicketQuery }) {
  const pages = useTicketPages(query);
  const now = useNow(30_000);
  if (pages.isPending) return <Loading />;
  if (pages.isError) return <ErrorBox error={pages.error} />;
  const rows: TicketView[] = pages.data.pages.flatMap((p) => p.items);
  if (rows.length === 0) return <Empty>{query.mine ? 'Nothing in your queue.' : 'No tickets.'}</Empty>;
  return (
    <>
      <div className="scroll-box">
        <table className="simple-table" data-testid="tickets-table">
          <thead>
            <tr><th scope="col">#</th><th scope="col">Title</th><th scope="col">Station</th><th scope="col">Priority</th><th scope="col">Status</th><th scope="col">Assignee</th><th scope="col">Updated</th></tr>
          </thead>
          <tbody>
            {rows.map((t) => (
              <tr key={t.id} className="clickable" onClick={(e) => { if (!(e.target as HTMLElement).closest('a')) navigate(`/tickets/${t.id}`); }}>
                <td className="num">{t.id}</td>
                <td><Link to={`/tickets/${t.id}`} className="strong">{t.title}</Link></td>
                <td><Link to={`/stations/${encodeURIComponent(t.stationId)}`}>{t.stationId}</Link>{t.connectorId !== null ? <span className="muted"> · {t.connectorId}</span> : null}</td>
                <td><PriorityBadge priority={t.priority} /></td>
                <td><TicketStatusBadge status={t.status} /></td>
                <td className={t.assigneeName ? '' : 'muted'}>{t.assigneeName ?? 'Nobody'}</td>
                <td className="muted nowrap">{formatAgo(t.updatedAt, now)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {pages.hasNextPage && (
        <button type="button" className="button button-ghost button-block" onClick={() => void pages.fetchNextPage()} disabled={pages.isFetchingNextPage}>
          {pages.isFetchingNextPage ? 'Loading…' : 'Show more'}
        </button>
      )}
    </>
  );
}
