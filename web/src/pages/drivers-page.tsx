/** Drivers: search, open, and add one (a name and contact, optionally a driver account). */
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useMe } from '../api/auth.js';
import { errorMessage } from '../api/client.js';
import { createDriver, useDriverPages } from '../api/tokens.js';
import { Dialog } from '../components/dialog.js';
import { Empty, ErrorBox, Loading, Panel } from '../components/feedback.js';
import { PageHeader } from '../components/layout.js';
import { AccessTabs } from '../components/token-badges.js';
import { useDebounced } from '../components/use-debounced.js';
import { Link, navigate, setSearchParams, useLocation } from '../router.js';
import { tokenRights } from './tokens-page.js';

/** The drivers page. */
export function DriversPage() {
  const { manage } = tokenRights(useMe().data?.user.role);
  const { search } = useLocation();
  const current = search.get('search') ?? '';
  const [text, setText] = useState(current);
  const debounced = useDebounced(text.trim());
  useEffect(() => {
    if (debounced !== current) setSearchParams({ search: debounced || undefined });
  }, [debounced]);
  const pages = useDriverPages({ search: current || undefined });
  const rows = pages.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <>
      <PageHeader title="Drivers & tokens" subtitle="Who may charge, with which card, app id or key code">{manage && <NewDriverButton />}</PageHeader>
      <AccessTabs current="drivers" />
      <form className="filters" role="search" onSubmit={(e) => e.preventDefault()}>
        <label className="field field-grow"><span>Search</span><input type="search" value={text} placeholder="Name, e-mail or phone" onChange={(e) => setText(e.target.value)} /></label>
      </form>
      <Panel title="Drivers">
        {pages.isPending ? <Loading /> : pages.isError ? <ErrorBox error={pages.error} /> : rows.length === 0 ? <Empty>No drivers.</Empty> : (
          <>
            <div className="scroll-box">
              <table className="simple-table" data-testid="drivers-table">
                <thead><tr><th scope="col">Name</th><th scope="col">E-mail</th><th scope="col">Phone</th><th scope="col">Account</th><th scope="col" className="num">Tokens</th></tr></thead>
                <tbody>
                  {rows.map((d) => (
                    <tr key={d.id} className="clickable" onClick={(e) => { if (!(e.target as HTMLElement).closest('a')) navigate(`/drivers/${encodeURIComponent(d.id)}`); }}>
                      <td><Link to={`/drivers/${encodeURIComponent(d.id)}`} className="strong">{d.name}</Link></td>
                      <td className={d.email ? '' : 'muted'}>{d.email ?? '—'}</td>
                      <td className={d.phone ? 'nowrap' : 'muted'}>{d.phone ?? '—'}</td>
                      <td className={d.username ? '' : 'muted'}>{d.username ?? 'None'}</td>
                      <td className="num">{d.tokenCount}</td>
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
        )}
      </Panel>
    </>
  );
}

function NewDriverButton() {
  const client = useQueryClient();
  const [open, setOpen] = useState(false);
  const [form, setForm] = useState({ name: '', email: '', phone: '' });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      const driver = await createDriver(client, { name: form.name.trim(), email: form.email.trim() || null, phone: form.phone.trim() || null });
      setOpen(false);
      navigate(`/drivers/${encodeURIComponent(driver.id)}`);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <button type="button" className="button button-primary" onClick={() => { setForm({ name: '', email: '', phone: '' }); setError(null); setOpen(true); }}>New driver</button>
      <Dialog
        open={open}
        title="New driver"
        onClose={() => setOpen(false)}
        footer={(
          <>
            <button type="button" className="button button-ghost" onClick={() => setOpen(false)} disabled={busy}>Cancel</button>
            <button type="button" className="button button-primary" onClick={() => void submit()} disabled={busy || !form.name.trim()}>{busy ? 'Saving…' : 'Add driver'}</button>
          </>
        )}
      >
        <label className="field"><span>Name</span><input value={form.name} required maxLength={200} onChange={(e) => setForm({ ...form, name: e.target.value })} /></label>
        <label className="field"><span>E-mail</span><input type="email" value={form.email} maxLength={254} onChange={(e) => setForm({ ...form, email: e.target.value })} /></label>
        <label className="field"><span>Phone</span><input type="tel" value={form.phone} maxLength={30} onChange={(e) => setForm({ ...form, phone: e.target.value })} /></label>
        {error && <div className="alert alert-error" role="alert">{error}</div>}
      </Dialog>
    </>
  );
}
