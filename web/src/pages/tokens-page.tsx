/** Id tokens: filter by status, type, group, driver and text; add, edit, block, import and export. */
import { useEffect, useState } from 'react';
import { useMe } from '../api/auth.js';
import { TOKEN_EXPORT_URL, useDriverChoices, useTokenGroups, useTokenPages } from '../api/tokens.js';
import type { IdTokenQuery, IdTokenView } from '../api/types.js';
import { Empty, ErrorBox, Loading, Panel } from '../components/feedback.js';
import { PageHeader } from '../components/layout.js';
import { AccessTabs, limitsText, TokenStatusBadge } from '../components/token-badges.js';
import { TokenDialog } from '../components/token-dialog.js';
import { TokenImportButton } from '../components/token-import-dialog.js';
import { useDebounced } from '../components/use-debounced.js';
import { useNow } from '../components/use-now.js';
import { formatDateTime } from '../format.js';
import { Link, setSearchParams, useLocation } from '../router.js';

const STATUSES = ['accepted', 'blocked', 'expired', 'invalid'] as const;
const TYPES = ['ISO14443', 'ISO15693', 'Central', 'KeyCode', 'eMAID', 'MacAddress', 'Local'] as const;

/** Whether a role may change tokens fully (admin, operator) or only block and unblock (technician). */
export function tokenRights(role: string | undefined): { manage: boolean; block: boolean } {
  const manage = role === 'admin' || role === 'operator';
  return { manage, block: manage || role === 'technician' };
}

/** The tokens page. */
export function TokensPage() {
  const role = useMe().data?.user.role;
  const rights = tokenRights(role);
  const { search } = useLocation();
  const get = (key: string) => search.get(key) ?? '';
  const [text, setText] = useState(get('search'));
  const debounced = useDebounced(text.trim());
  const update = (changes: Record<string, string | undefined>) => setSearchParams({ ...Object.fromEntries(search.entries()), ...changes });
  useEffect(() => {
    if (debounced !== get('search')) update({ search: debounced || undefined });
  }, [debounced]);
  const groups = useTokenGroups();
  const drivers = useDriverChoices();
  const [creating, setCreating] = useState(false);
  const query: IdTokenQuery = {
    status: (STATUSES as readonly string[]).includes(get('status')) ? (get('status') as IdTokenQuery['status']) : undefined,
    type: get('type') || undefined, group: get('group') || undefined, driverId: get('driverId') || undefined, search: get('search') || undefined,
  };
  return (
    <>
      <PageHeader title="Drivers & tokens" subtitle="Who may charge, with which card, app id or key code">
        <a className="button button-ghost" href={TOKEN_EXPORT_URL} download>Export CSV</a>
        {rights.manage && <TokenImportButton />}
        {rights.manage && <button type="button" className="button button-primary" onClick={() => setCreating(true)}>New token</button>}
      </PageHeader>
      <AccessTabs current="tokens" />
      <form className="filters" role="search" onSubmit={(e) => e.preventDefault()}>
        <label className="field field-grow"><span>Search</span><input type="search" value={text} placeholder="Token, label, group or driver" onChange={(e) => setText(e.target.value)} /></label>
        <label className="field">
          <span>Status</span>
          <select value={get('status')} onChange={(e) => update({ status: e.target.value || undefined })}>
            <option value="">Any</option>
            {STATUSES.map((s) => <option key={s} value={s}>{s}</option>)}
          </select>
        </label>
        <label className="field">
          <span>Type</span>
          <select value={get('type')} onChange={(e) => update({ type: e.target.value || undefined })}>
            <option value="">Any</option>
            {TYPES.map((t) => <option key={t} value={t}>{t}</option>)}
          </select>
        </label>
        <label className="field">
          <span>Group</span>
          <select value={get('group')} onChange={(e) => update({ group: e.target.value || undefined })}>
            <option value="">Any</option>
            {(groups.data ?? []).map((g) => <option key={g.groupId} value={g.groupId}>{g.groupId} ({g.tokens})</option>)}
          </select>
        </label>
        <label className="field">
          <span>Driver</span>
          <select value={get('driverId')} onChange={(e) => update({ driverId: e.target.value || undefined })}>
            <option value="">Any</option>
            <option value="none">No driver</option>
            {(drivers.data?.items ?? []).map((d) => <option key={d.id} value={d.id}>{d.name}</option>)}
          </select>
        </label>
      </form>
      <Panel title="Id tokens"><TokensTable query={query} manage={rights.manage} block={rights.block} /></Panel>
      {creating && <TokenDialog open token={null} manage onClose={() => setCreating(false)} />}
    </>
  );
}

/** A paged table of tokens; clicking a row opens its dialog (for roles that may change tokens). */
export function TokensTable({ query, manage, block }: { query: IdTokenQuery; manage: boolean; block: boolean }) {
  const pages = useTokenPages(query);
  const now = useNow(60_000);
  const [editing, setEditing] = useState<IdTokenView | null>(null);
  if (pages.isPending) return <Loading />;
  if (pages.isError) return <ErrorBox error={pages.error} />;
  const rows = pages.data.pages.flatMap((p) => p.items);
  const total = pages.data.pages[0]?.total ?? 0;
  if (rows.length === 0) return <Empty>No tokens match.</Empty>;
  return (
    <>
      <div className="scroll-box">
        <table className="simple-table" data-testid="tokens-table">
          <thead>
            <tr><th scope="col">Token</th><th scope="col">Type</th><th scope="col">Status</th><th scope="col">Driver</th><th scope="col">Group</th><th scope="col">Expires</th><th scope="col">Limits</th><th scope="col">Label</th></tr>
          </thead>
          <tbody>
            {rows.map((t) => (
              <tr key={t.token} className={block ? 'clickable' : undefined} onClick={(e) => { if (block && !(e.target as HTMLElement).closest('a')) setEditing(t); }}>
                <td className="strong break">{t.token}{!t.ocpp16 && <span className="muted small" title="Longer than a 1.6 idTag"> · 2.0.1 only</span>}</td>
                <td>{t.type}</td>
                <td><TokenStatusBadge token={t} now={now} /></td>
                <td>{t.driverId ? <Link to={`/drivers/${encodeURIComponent(t.driverId)}`}>{t.driverName}</Link> : <span className="muted">—</span>}</td>
                <td className={t.groupId ? '' : 'muted'}>{t.groupId ?? '—'}</td>
                <td className="nowrap">{t.expiresAt ? formatDateTime(t.expiresAt) : <span className="muted">Never</span>}</td>
                <td className="small">{limitsText(t)}</td>
                <td className="muted">{t.label ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="table-note small muted">{rows.length} of {total}</p>
      {pages.hasNextPage && (
        <button type="button" className="button button-ghost button-block" onClick={() => void pages.fetchNextPage()} disabled={pages.isFetchingNextPage}>
          {pages.isFetchingNextPage ? 'Loading…' : 'Show more'}
        </button>
      )}
      {editing && <TokenDialog key={editing.token} open token={editing} manage={manage} onClose={() => setEditing(null)} />}
    </>
  );
}
