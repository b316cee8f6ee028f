/** The alert rules editor: each rule's settings and site overrides, and automatic remediation per site. */
import { useMe } from '../api/auth.js';
import { useAlertRules, useSetSiteRemediation, useSiteRemediation } from '../api/incidents.js';
import { useSites } from '../api/queries.js';
import type { AlertRule, SiteView } from '../api/types.js';
import { Empty, ErrorBox, Loading, Panel } from '../components/feedback.js';
import { PageHeader } from '../components/layout.js';
import { RuleEditor } from '../components/rule-editor.js';
import { RuleSiteOverrides } from '../components/rule-site-overrides.js';
import { SeverityBadge } from '../components/severity-badge.js';

/** Roles that may change rules (the API's MANAGE_ROLES). */
const MANAGING_ROLES = new Set(['admin', 'operator']);

function RuleCard({ rule, sites, canEdit }: { rule: AlertRule; sites: SiteView[]; canEdit: boolean }) {
  return (
    <details className="card rule-card" data-testid={`rule-${rule.key}`}>
      <summary className="rule-summary">
        <span className="strong">{rule.name}</span>
        <SeverityBadge severity={rule.severity} />
        {!rule.enabled && <span className="badge tone-off">off</span>}
        {rule.siteOverrides.length > 0 && <span className="muted small">{rule.siteOverrides.length} site override{rule.siteOverrides.length > 1 ? 's' : ''}</span>}
      </summary>
      <div className="panel-body stack">
        <p className="muted">{rule.description} <span className="mono small">({rule.key})</span></p>
        <RuleEditor key={`${rule.key}-${rule.updatedAt ?? ''}`} rule={rule} canEdit={canEdit} />
        <h3>Site overrides</h3>
        <RuleSiteOverrides rule={rule} sites={sites} canEdit={canEdit} />
      </div>
    </details>
  );
}

function SiteRemediationRow({ site, canEdit }: { site: SiteView; canEdit: boolean }) {
  const state = useSiteRemediation(site.id);
  const set = useSetSiteRemediation();
  return (
    <tr>
      <td>{site.name}</td>
      <td>
        <label className="field-inline">
          <input type="checkbox" checked={state.data?.enabled ?? true} disabled={!canEdit || state.isPending || set.isPending}
            onChange={(e) => set.mutate({ siteId: site.id, enabled: e.target.checked })} data-testid={`remediation-${site.id}`} />
          <span>{state.data?.enabled === false ? 'Off' : 'On'}</span>
        </label>
        {set.isError && <span className="error-text small"> Not saved</span>}
      </td>
    </tr>
  );
}

/** The rules page. */
export function RulesPage() {
  const rules = useAlertRules();
  const sites = useSites();
  const me = useMe();
  const canEdit = MANAGING_ROLES.has(me.data?.user.role ?? '');
  const siteList = sites.data ?? [];
  const categories = [...new Set(rules.data?.map((r) => r.category) ?? [])];
  return (
    <>
      <PageHeader title="Alert rules" back={{ to: '/health', label: 'Health' }} subtitle="What counts as a problem, how bad it is, who hears of it, and what is tried automatically" />
      {rules.isPending ? <Loading /> : rules.isError ? <ErrorBox error={rules.error} /> : rules.data.length === 0 ? <Empty>No rules.</Empty> : categories.map((category) => (
        <Panel key={category} title={category.charAt(0).toUpperCase() + category.slice(1)}>
          <div className="stack">
            {rules.data.filter((r) => r.category === category).map((r) => <RuleCard key={r.key} rule={r} sites={siteList} canEdit={canEdit} />)}
          </div>
        </Panel>
      ))}
      <Panel title="Automatic remediation per site">
        {siteList.length === 0 ? <Empty>No sites.</Empty> : (
          <table className="simple-table">
            <thead><tr><th scope="col">Site</th><th scope="col">Automatic remediation</th></tr></thead>
            <tbody>{siteList.map((s) => <SiteRemediationRow key={s.id} site={s} canEdit={canEdit} />)}</tbody>
          </table>
        )}
      </Panel>
    </>
  );
}
