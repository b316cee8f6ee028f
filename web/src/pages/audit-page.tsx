/** The audit log (admins): who did what, when, from where, with what result; filters, paging and CSV export. */
import { useEffect, useState } from 'react';
import { auditCsvUrl, useAuditPages } from '../api/security.js';
import type { AuditQueryParams, AuditRecordView } from '../api/types.js';
import { Empty, ErrorBox, Loading, Panel } from '../components/feedback.js';
import { PageHeader } from '../components/layout.js';
import { useDebounced } from '../components/use-debounced.js';
import { formatDateTime } from '../format.js';
import { setSearchParams, useLocation } from '../router.js';

const RESULTS = ['ok', 'refused', 'error'] as const;
const RESULT_TONE = { ok: 'tone-ok', refused: 'tone-warn', error: 'tone-fault' } as const;
const TEXT_FILTERS = [['actor', 'Actor', 'user name or id'], ['action', 'Action', 'prefix, e.g. auth.'], ['target', 'Target', 'exact id'], ['q', 'Text', 'anywhere']] as const;
type TextFilter = (typeof TEXT_FILTERS)[number][0];

/** Detail without the address (shown in its own column). */
function detailText(r: AuditRecordView): string {
  const { ip: _ip, ...rest } = r.detail;
  return Object.keys(rest).length ? JSON.stringify(rest) : '';
}

function AuditTable({ query }: { query: AuditQueryParams }) {
  const pages = useAuditPages(query);
  if (pages.isPending) return <Loading />;
  if (pages.isError) return <ErrorBox error={pages.error} />;
  const rows = pages.data.pages.flatMap((p) => p.items);
  if (rows.length === 0) return <Empty>No audit lines match.</Empty>;
  return (
    <>
      <div className="scroll-box">
        <table className="simple-table" data-testid="audit-table">
          <thead><tr><th scope="col">Time</th><th scope="col">Actor</th><th scope="col">From</th><th scope="col">Action</th><th scope="col">Target</th><th scope="col">Result</th><th scope="col">Detail</th></tr></thead>
          <tbody>{rows.map((r) => (
            <tr key={r.id}>
              <td className="nowrap">{formatDateTime(r.at)}</td>
              <td>{r.actorName ?? r.actor ?? <span className="muted">system</span>}</td>
              <td className="mono">{r.ip ?? ''}</td>
              <td className="mono">{r.action}</td>
              <td className="mono detail-cell">{r.target ?? ''}</td>
              <td><span className={`badge ${RESULT_TONE[r.result]}`}>{r.result}</span></td>
              <td className="mono muted detail-cell">{detailText(r)}</td>
            </tr>
          ))}</tbody>
        </table>
      </div>
      {pages.hasNextPage && (
        <button type="button" className="button button-ghost button-block" onClick={() => void pages.fetchNextPage()} disabled={pages.isFetchingNextPage}>
          {pages.isFetchingNextPage ? 'Loading…' : 'Show older'}
        </button>
      )}
    </>
  );
}

/** The audit page. */
export function AuditPage() {
  const { search } = useLocation();
  const get = (k: string) => search.get(k) ?? '';
  const update = (changes: Record<string, string | undefined>) => setSearchParams({ ...Object.fromEntries(search.entries()), ...changes });
  const [text, setText] = useState<Record<TextFilter, string>>({ actor: get('actor'), action: get('action'), target: get('target'), q: get('q') });
  const debounced = useDebounced(JSON.stringify(text));
  useEffect(() => {
    const next = JSON.parse(debounced) as Record<TextFilter, string>;
    if (TEXT_FILTERS.some(([k]) => next[k].trim() !== get(k))) update(Object.fromEntries(TEXT_FILTERS.map(([k]) => [k, next[k].trim() || undefined])));
  }, [debounced]);
  const result = RESULTS.find((r) => r === search.get('result'));
  const query: AuditQueryParams = {
    actor: get('actor') || undefined, action: get('action') || undefined, target: get('target') || undefined, q: get('q') || undefined, result,
    from: get('from') ? new Date(get('from')).toISOString() : undefined, to: get('to') ? new Date(get('to')).toISOString() : undefined,
  };
  return (
    <>
      <PageHeader title="Audit log" subtitle="Every operator action: who, when, from where, what, and the result">
        <a className="button button-ghost" href={auditCsvUrl(query)} download>Export CSV</a>
      </PageHeader>
      <form className="filters" role="search" onSubmit={(e) => e.preventDefault()}>
        {TEXT_FILTERS.map(([key, label, placeholder]) => (
          <label key={key} className="field"><span>{label}</span><input type="search" value={text[key]} placeholder={placeholder} onChange={(e) => setText({ ...text, [key]: e.target.value })} /></label>
        ))}
        <label className="field"><span>Result</span>
          <select value={result ?? ''} onChange={(e) => update({ result: e.target.value || undefined })}>
            <option value="">Any</option>{RESULTS.map((r) => <option key={r} value={r}>{r}</option>)}
          </select>
        </label>
        <label className="field"><span>From</span><input type="datetime-local" value={get('from')} onChange={(e) => update({ from: e.target.value || undefined })} /></label>
        <label className="field"><span>To</span><input type="datetime-local" value={get('to')} onChange={(e) => update({ to: e.target.value || undefined })} /></label>
      </form>
      <Panel title="Audit lines"><AuditTable query={query} /></Panel>
    </>
  );
}
