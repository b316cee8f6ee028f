/** Notification settings: my subscriptions (channel, severity, sites, rules, digest) and, for admins, webhooks. */
import { useEffect, useState, type FormEvent } from 'react';
import { useMe } from '../api/auth.js';
import { parseList, useSaveSubscriptions, useSubscriptions } from '../api/notifications.js';
import { useSites } from '../api/queries.js';
import type { SiteView, SubscriptionView } from '../api/types.js';
import { ErrorBox, Loading, Panel } from '../components/feedback.js';
import { PageHeader } from '../components/layout.js';
import { WebhooksAdmin } from '../components/webhooks-admin.js';

const NEW_SUBSCRIPTION: SubscriptionView = { channel: 'in_app', minSeverity: 'warning', siteIds: null, ruleKeys: null, digest: false, notifyResolved: false };

function SubscriptionRow({ sub, sites, onChange, onRemove, index }: { sub: SubscriptionView; sites: SiteView[]; onChange(s: SubscriptionView): void; onRemove(): void; index: number }) {
  const [rules, setRules] = useState((sub.ruleKeys ?? []).join(', '));
  const id = (name: string) => `sub-${index}-${name}`;
  return (
    <fieldset className="card form-grid">
      <legend className="sr-only">Subscription {index + 1}</legend>
      <div className="field">
        <label htmlFor={id('channel')}>Channel</label>
        <select id={id('channel')} value={sub.channel} onChange={(e) => onChange({ ...sub, channel: e.target.value as SubscriptionView['channel'], digest: false })}>
          <option value="in_app">In-app</option><option value="email">E-mail</option>
        </select>
      </div>
      <div className="field">
        <label htmlFor={id('severity')}>At least</label>
        <select id={id('severity')} value={sub.minSeverity} onChange={(e) => onChange({ ...sub, minSeverity: e.target.value as SubscriptionView['minSeverity'] })}>
          <option value="info">Info</option><option value="warning">Warning</option><option value="critical">Critical</option>
        </select>
      </div>
      <div className="field">
        <label htmlFor={id('sites')}>Sites</label>
        <select id={id('sites')} multiple size={Math.min(4, sites.length + 1)} value={sub.siteIds ?? ['']}
          onChange={(e) => {
            const chosen = [...e.target.selectedOptions].map((o) => o.value);
            onChange({ ...sub, siteIds: chosen.includes('') || chosen.length === 0 ? null : chosen });
          }}>
          <option value="">All sites</option>
          {sites.map((s) => <option key={s.id} value={s.id}>{s.name}</option>)}
        </select>
      </div>
      <div className="field">
        <label htmlFor={id('rules')}>Rules</label>
        <input id={id('rules')} value={rules} placeholder="All rules (or keys, comma-separated)" onChange={(e) => setRules(e.target.value)} onBlur={() => onChange({ ...sub, ruleKeys: parseList(rules) })} />
      </div>
      <label className="field-inline"><input type="checkbox" checked={sub.notifyResolved} onChange={(e) => onChange({ ...sub, notifyResolved: e.target.checked })} /> Also when resolved</label>
      {sub.channel === 'email' && (
        <label className="field-inline"><input type="checkbox" checked={sub.digest} onChange={(e) => onChange({ ...sub, digest: e.target.checked })} /> Hourly digest (critical still at once)</label>
      )}
      <div><button type="button" className="button button-danger-outline button-small" onClick={onRemove}>Remove</button></div>
    </fieldset>
  );
}

function SubscriptionsEditor() {
  const saved = useSubscriptions();
  const sites = useSites();
  const save = useSaveSubscriptions();
  const [email, setEmail] = useState('');
  const [subs, setSubs] = useState<SubscriptionView[]>([]);
  useEffect(() => {
    if (!saved.data) return;
    setEmail(saved.data.email ?? '');
    setSubs(saved.data.subscriptions);
  }, [saved.data]);
  if (saved.isPending) return <Loading />;
  if (saved.isError) return <ErrorBox error={saved.error} />;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate({ email: email.trim() === '' ? null : email.trim(), subscriptions: subs });
  };
  return (
    <form onSubmit={submit} className="stack">
      {!saved.data.emailAvailable && <div className="alert alert-warn">E-mail is off on this server (no SMTP host set): e-mail subscriptions send nothing.</div>}
      <div className="field">
        <label htmlFor="notify-email">My e-mail address</label>
        <input id="notify-email" type="email" value={email} onChange={(e) => setEmail(e.target.value)} placeholder="name@example.org" />
      </div>
      {subs.length === 0 && <p className="muted">No subscriptions: you get no notifications.</p>}
      {subs.map((s, i) => (
        <SubscriptionRow key={i} index={i} sub={s} sites={sites.data ?? []} onChange={(next) => setSubs(subs.map((x, j) => (j === i ? next : x)))} onRemove={() => setSubs(subs.filter((_, j) => j !== i))} />
      ))}
      <div className="panel-actions">
        <button type="button" className="button button-secondary" onClick={() => setSubs([...subs, NEW_SUBSCRIPTION])}>Add subscription</button>
        <button type="submit" className="button button-primary" disabled={save.isPending}>Save</button>
      </div>
      {save.isError && <ErrorBox error={save.error} title="Not saved" />}
      {save.isSuccess && <div className="alert alert-ok" role="status">Saved.</div>}
    </form>
  );
}

/** The notification settings page. */
export function NotificationSettingsPage() {
  const isAdmin = useMe().data?.user?.role === 'admin';
  return (
    <>
      <PageHeader title="Notification settings" subtitle="Which incidents reach you, and how. Incidents notify when opened and escalated; resolution only if asked." />
      <Panel title="My subscriptions"><SubscriptionsEditor /></Panel>
      {isAdmin && <WebhooksAdmin />}
    </>
  );
}
