/**
 * Every station in one fast table: rows are virtualized and pages are fetched by cursor as the user
 * scrolls, so 50,000 stations scroll as smoothly as 50. Filters live in the URL.
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, useState } from 'react';
import { flatItems, useSites, useStationPages } from '../api/queries.js';
import type { StationListItem, StationQuery } from '../api/types.js';
import { ConnectorDots } from '../components/connector-dots.js';
import { ErrorBox } from '../components/feedback.js';
import { PageHeader } from '../components/layout.js';
import { AdmissionBadge, OnlineMark, StatusBadge } from '../components/status-badge.js';
import { useDebounced } from '../components/use-debounced.js';
import { useNow } from '../components/use-now.js';
import { formatAgo, formatCount, formatPower } from '../format.js';
import { Link, navigate, setSearchParams, useLocation } from '../router.js';

const STATUSES = ['Available', 'Charging', 'Preparing', 'SuspendedEV', 'SuspendedEVSE', 'Finishing', 'Reserved', 'Occupied', 'Faulted', 'Unavailable'];
const ROW_HEIGHT = 52;

type SortKey = NonNullable<StationQuery['sort']>;
const COLUMNS: Array<{ label: string; sort?: SortKey }> = [
  { label: 'Station', sort: 'id' }, { label: 'Status', sort: 'status' }, { label: 'Connection', sort: 'lastSeenAt' }, { label: 'Connectors' },
  { label: 'Power' }, { label: 'Model' }, { label: 'Protocol' }, { label: 'Site' },
];

function queryFrom(search: URLSearchParams): StationQuery {
  const online = search.get('online');
  const protocol = search.get('protocol');
  const sort = search.get('sort') as SortKey | null;
  const order = search.get('order');
  return {
    status: search.get('status') ?? undefined,
    online: online === 'true' ? true : online === 'false' ? false : undefined,
    protocol: protocol === '1.6' || protocol === '2.0.1' ? protocol : undefined,
    siteId: search.get('siteId') ?? undefined,
    admission: (search.get('admission') as StationQuery['admission']) ?? undefined,
    search: search.get('search') ?? undefined,
    sort: sort ?? undefined,
    order: order === 'asc' || order === 'desc' ? order : undefined,
  };
}

function Row({ station, now, top }: { station: StationListItem; now: number; top: number }) {
  const href = `/stations/${encodeURIComponent(station.id)}`;
  return (
    <div className="trow clickable" role="row" style={{ transform: `translateY(${top}px)` }} data-station={station.id} onClick={(e) => { if (!(e.target as HTMLElement).closest('a')) navigate(href); }}>
      <div role="cell" className="cell-main">
        <Link to={href} className="strong mono">{station.id}</Link>
        <span className="muted ellipsis">{station.name ?? (station.simulated ? 'Simulated station' : '')}</span>
      </div>
      <div role="cell"><StatusBadge status={station.status} offline={!station.online} /> <AdmissionBadge admission={station.admission} /></div>
      <div role="cell" className="cell-main">
        <OnlineMark online={station.online} />
        {!station.online && <span className="muted small">seen {formatAgo(station.lastSeenAt, now)}</span>}
      </div>
      <div role="cell"><ConnectorDots connectors={station.connectors} /></div>
      <div role="cell" className="num">{station.powerW > 0 ? formatPower(station.powerW) : <span className="muted">—</span>}</div>
      <div role="cell" className="cell-main"><span className="ellipsis">{station.model ?? '—'}</span><span className="muted small ellipsis">{station.vendor ?? ''}</span></div>
      <div role="cell">{station.protocol ? `OCPP ${station.protocol}` : '—'}</div>
      <div role="cell" className="ellipsis">{station.siteName ?? <span className="muted">—</span>}</div>
    </div>
  );
}

function SkeletonRow({ top }: { top: number }) {
  return (
    <div className="trow" role="row" aria-hidden="true" style={{ transform: `translateY(${top}px)` }}>
      {COLUMNS.map((c) => <div key={c.label} role="cell"><span className="skeleton" /></div>)}
    </div>
  );
}

/** The stations page. */
export function StationsPage() {
  const { search } = useLocation();
  const query = queryFrom(search);
  const [text, setText] = useState(query.search ?? '');
  const debounced = useDebounced(text);
  const sites = useSites();
  const now = useNow(30_000);

  const update = (changes: Record<string, string | undefined>) => {
    const current = Object.fromEntries(search.entries());
    setSearchParams({ ...current, ...changes });
  };
  useEffect(() => {
    if ((query.search ?? '') !== debounced) update({ search: debounced || undefined });
    // Only the debounced text drives this; the other filters are set directly.
  }, [debounced]);

  const pages = useStationPages(query);
  const rows = flatItems(pages.data);
  const first = pages.data?.pages[0];
  const total = first ? Math.max(first.total, rows.length) : 0;
  const count = first ? (pages.hasNextPage ? Math.max(total, rows.length + 1) : rows.length) : 0;

  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({ count, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, overscan: 12 });
  const items = virtualizer.getVirtualItems();
  const lastIndex = items.length > 0 ? items[items.length - 1]!.index : 0;
  useEffect(() => {
    if (lastIndex >= rows.length - 40 && pages.hasNextPage && !pages.isFetchingNextPage) void pages.fetchNextPage();
  }, [lastIndex, rows.length, pages]);
  useEffect(() => {
    scroller.current?.scrollTo({ top: 0 });
  }, [JSON.stringify(query)]);

  const sortBy = (key: SortKey) => {
    const order = query.sort === key && query.order !== 'desc' ? 'desc' : 'asc';
    update({ sort: key, order });
  };

  return (
    <div className="page-fill">
      <PageHeader title="Stations" subtitle={first ? `${formatCount(first.total)}${first.totalIsEstimate ? '+' : ''} stations match` : ' '} />
      <form className="filters" role="search" onSubmit={(e) => e.preventDefault()}>
        <label className="field field-grow">
          <span>Search</span>
          <input type="search" placeholder="Id, name, serial…" value={text} onChange={(e) => setText(e.target.value)} />
        </label>
        <label className="field">
          <span>Status</span>
          <select value={query.status ?? ''} onChange={(e) => update({ status: e.target.value || undefined })}>
            <option value="">Any status</option>
            {STATUSES.map((s) => <option key={s} value={s}>{s}</option>)}
          </select>
        </label>
        <label className="field">
          <span>Connection</span>
          <select value={query.online === undefined ? '' : String(query.online)} onChange={(e) => update({ online: e.target.value || undefined })}>
            <option value="">Online or offline</option>
            <option value="true">Online</option>
            <option value="false">Offline</option>
          </select>
        </label>
        <label className="field">
          <span>Protocol</span>
          <select value={query.protocol ?? ''} onChange={(e) => update({ protocol: e.target.value || undefined })}>
            <option value="">Any protocol</option>
            <option value="1.6">OCPP 1.6</option>
            <option value="2.0.1">OCPP 2.0.1</option>
          </select>
        </label>
        <label className="field">
          <span>Site</span>
          <select value={query.siteId ?? ''} onChange={(e) => update({ siteId: e.target.value || undefined })}>
            <option value="">All sites</option>
            {(sites.data ?? []).map((s) => <option key={s.id} value={s.id}>{s.name}</option>)}
          </select>
        </label>
      </form>
      {pages.isError && <ErrorBox error={pages.error} />}
      <div className="table card table-stations" role="table" aria-label="Stations" aria-rowcount={count + 1} aria-busy={pages.isFetching}>
        <div className="thead" role="rowgroup">
          <div className="trow" role="row">
            {COLUMNS.map((c) => (
              <div key={c.label} role="columnheader" aria-sort={c.sort && query.sort === c.sort ? (query.order === 'desc' ? 'descending' : 'ascending') : undefined}>
                {c.sort ? (
                  <button type="button" className="sort" onClick={() => sortBy(c.sort!)}>
                    {c.label}{query.sort === c.sort ? (query.order === 'desc' ? ' ↓' : ' ↑') : ''}
                  </button>
                ) : c.label}
              </div>
            ))}
          </div>
        </div>
        <div className="tbody-scroll" ref={scroller} role="rowgroup">
          {pages.isPending && <div className="table-note">Loading stations…</div>}
          {pages.isSuccess && count === 0 && <div className="table-note">No station matches these filters.</div>}
          <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {items.map((item) => {
              const station = rows[item.index];
              return station
                ? <Row key={station.id} station={station} now={now} top={item.start} />
                : <SkeletonRow key={`skeleton-${item.index}`} top={item.start} />;
            })}
          </div>
        </div>
      </div>
    </div>
  );
}
