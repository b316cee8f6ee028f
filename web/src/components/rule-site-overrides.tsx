/** A rule's per-site overrides: the list, and a form to set (or clear) one site's enabled, severity and thresholds. */
import { useState } from 'react';
import { useSaveSiteOverride } from '../api/incidents.js';
import type { AlertRule, Severity, SiteView } from '../api/types.js';
import { ErrorBox } from './feedback.js';
import { RuleParamsFields } from './rule-params-fields.js';

type Params = Record<string, number | boolean | string>;

/** The overrides of one rule. */
export function RuleSiteOverrides({ rule, sites, canEdit }: { rule: AlertRule; sites: SiteView[]; canEdit: boolean }) {
  const save = useSaveSiteOverride();
  const [siteId, setSiteId] = useState('');
  const [enabled, setEnabled] = useState('');
  const [severity, setSeverity] = useState('');
  const [params, setParams] = useState<Params>({});
  const siteName = (id: string) => sites.find((s) => s.id === id)?.name ?? id;
  const pick = (id: string) => {
    const o = rule.siteOverrides.find((x) => x.siteId === id);
    setSiteId(id);
    setEnabled(o?.enabled === null || o?.enabled === undefined ? '' : String(o.enabled));
    setSeverity(o?.severity ?? '');
    setParams(o?.params ?? {});
  };
  const submit = () => save.mutate({
    key: rule.key, siteId, change: { enabled: enabled === '' ? null : enabled === 'true', severity: severity === '' ? null : (severity as Severity), params },
  });
  return (
    <div className="stack">
      {rule.siteOverrides.length === 0 ? <div className="muted small">No site overrides: the settings above apply everywhere.</div> : (
        <table className="simple-table">
          <thead><tr><th scope="col">Site</th><th scope="col">Enabled</th><th scope="col">Severity</th><th scope="col">Thresholds</th>{canEdit && <th scope="col"><span className="sr-only">Actions</span></th>}</tr></thead>
          <tbody>
            {rule.siteOverrides.map((o) => (
              <tr key={o.siteId}>
                <td>{siteName(o.siteId)}</td>
                <td>{o.enabled === null ? <span className="muted">inherit</span> : o.enabled ? 'yes' : 'no'}</td>
                <td>{o.severity ?? <span className="muted">inherit</span>}</td>
                <td className="small">{Object.entries(o.params).map(([k, v]) => `${k} = ${String(v)}`).join(', ') || <span className="muted">inherit</span>}</td>
                {canEdit && (
                  <td className="right nowrap">
                    <button type="button" className="button button-ghost button-small" onClick={() => pick(o.siteId)}>Edit</button>
                    <button type="button" className="button button-ghost button-small" disabled={save.isPending} onClick={() => save.mutate({ key: rule.key, siteId: o.siteId, change: null })}>Remove</button>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {canEdit && sites.length > 0 && (
        <form className="stack" onSubmit={(e) => { e.preventDefault(); if (siteId) submit(); }}>
          <div className="form-grid">
            <label className="field">
              <span>Site</span>
              <select value={siteId} onChange={(e) => pick(e.target.value)}>
                <option value="">Choose a site…</option>
                {sites.map((s) => <option key={s.id} value={s.id}>{s.name}</option>)}
              </select>
            </label>
            <label className="field">
              <span>Enabled</span>
              <select value={enabled} onChange={(e) => setEnabled(e.target.value)}>
                <option value="">Inherit ({rule.enabled ? 'yes' : 'no'})</option>
                <option value="true">Yes</option>
                <option value="false">No</option>
              </select>
            </label>
            <label className="field">
              <span>Severity</span>
              <select value={severity} onChange={(e) => setSeverity(e.target.value)}>
                <option value="">Inherit ({rule.severity})</option>
                <option value="info">Info</option>
                <option value="warning">Warning</option>
                <option value="critical">Critical</option>
              </select>
            </label>
          </div>
          {Object.keys(rule.defaults.params).length > 0 && <RuleParamsFields defaults={rule.defaults.params} value={params} onChange={setParams} inherit={rule.params} />}
          <div><button type="submit" className="button button-secondary" disabled={!siteId || save.isPending}>Save site override</button></div>
        </form>
      )}
      {save.isError && <ErrorBox error={save.error} title="Site override not saved" />}
    </div>
  );
}
