/** Where tariffs apply: the default, sites, stations and token groups (the most specific wins). */
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useSites } from '../api/queries.js';
import { assignTariff, useTariffAssignments } from '../api/tariffs.js';
import type { TariffScope, TariffView } from '../api/types.js';
import { Empty, ErrorBox, Loading, Panel } from '../components/feedback.js';

const SCOPES: Array<{ value: TariffScope; label: string }> = [
  { value: 'site', label: 'Site' }, { value: 'station', label: 'Station' }, { value: 'token_group', label: 'Token group' }, { value: 'default', label: 'Default' },
];
const RANK: Record<TariffScope, string> = { token_group: '1', station: '2', site: '3', default: '4' };

/** The assignments panel. */
export function TariffAssignments({ tariffs }: { tariffs: TariffView[] }) {
  const client = useQueryClient();
  const assignments = useTariffAssignments();
  const sites = useSites();
  const [scope, setScope] = useState<TariffScope>('site');
  const [scopeId, setScopeId] = useState('');
  const [tariffId, setTariffId] = useState('');
  const [error, setError] = useState<unknown>(null);
  const siteName = (id: string) => sites.data?.find((s) => s.id === id)?.name ?? id;
  const send = async (body: { scope: TariffScope; scopeId?: string; tariffId: string | null }) => {
    setError(null);
    try {
      await assignTariff(client, body);
    } catch (e) {
      setError(e);
    }
  };
  const target = scope === 'default' ? '' : scope === 'site' ? scopeId || sites.data?.[0]?.id || '' : scopeId;
  const chosen = tariffId || tariffs[0]?.id || '';
  return (
    <Panel title="Assignments">
      <p className="muted small">Token group wins over station, station over site, site over the default. A session keeps the tariff it started with.</p>
      {error !== null && <ErrorBox error={error} title="The assignment was not saved" />}
      <form className="filters" onSubmit={(e) => { e.preventDefault(); void send({ scope, scopeId: target, tariffId: chosen }); }}>
        <label className="field"><span>Applies to</span>
          <select value={scope} onChange={(e) => { setScope(e.target.value as TariffScope); setScopeId(''); }}>{SCOPES.map((s) => <option key={s.value} value={s.value}>{s.label}</option>)}</select>
        </label>
        {scope === 'site' && (
          <label className="field"><span>Site</span>
            <select value={target} onChange={(e) => setScopeId(e.target.value)}>{(sites.data ?? []).map((s) => <option key={s.id} value={s.id}>{s.name}</option>)}</select>
          </label>
        )}
        {(scope === 'station' || scope === 'token_group') && (
          <label className="field"><span>{scope === 'station' ? 'Station id' : 'Token group'}</span><input required value={scopeId} onChange={(e) => setScopeId(e.target.value)} /></label>
        )}
        <label className="field"><span>Tariff</span>
          <select value={chosen} onChange={(e) => setTariffId(e.target.value)}>{tariffs.map((t) => <option key={t.id} value={t.id}>{t.name}</option>)}</select>
        </label>
        <button type="submit" className="button button-primary" disabled={!chosen || (scope !== 'default' && !target)}>Assign</button>
      </form>
      {assignments.isPending ? <Loading /> : assignments.isError ? <ErrorBox error={assignments.error} /> : assignments.data.length === 0 ? <Empty>No tariff is assigned: sessions are not priced.</Empty> : (
        <table className="simple-table" data-testid="tariff-assignments">
          <thead><tr><th scope="col">Applies to</th><th scope="col">Tariff</th><th scope="col"><span className="sr-only">Actions</span></th></tr></thead>
          <tbody>
            {[...assignments.data].sort((a, b) => RANK[a.scope].localeCompare(RANK[b.scope])).map((a) => (
              <tr key={`${a.scope}:${a.scopeId}`}>
                <td>{SCOPES.find((s) => s.value === a.scope)?.label}{a.scope === 'default' ? '' : `: ${a.scope === 'site' ? siteName(a.scopeId) : a.scopeId}`}</td>
                <td>{a.tariffName}</td>
                <td className="right"><button type="button" className="button button-ghost button-small" onClick={() => void send({ scope: a.scope, scopeId: a.scopeId, tariffId: null })}>Remove</button></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Panel>
  );
}
