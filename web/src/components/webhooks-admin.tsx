/** Webhook endpoints for admins: add, enable/disable, delete, send a test, and read each one's delivery log. */
import { useState, type FormEvent } from 'react';
import { parseList, useDeliveries, useWebhookActions, useWebhooks } from '../api/notifications.js';
import type { CreatedWebhook, WebhookView } from '../api/types.js';
import { formatDateTime } from '../format.js';
import { Empty, ErrorBox, Loading, Panel } from './feedback.js';

function DeliveryLog({ id }: { id: string }) {
  const log = useDeliveries(id);
  if (log.isPending) return <Loading />;
  if (log.isError) return <ErrorBox error={log.error} />;
  if (log.data.length === 0) return <Empty>No deliveries yet.</Empty>;
  return (
    <div className="scroll-box">
      <table className="simple-table">
        <thead><tr><th scope="col">When</th><th scope="col">Event</th><th scope="col" className="num">Attempt</th><th scope="col" className="num">Status</th><th scope="col">Error</th><th scope="col" className="num">Latency</th><th scope="col">Delivery</th></tr></thead>
        <tbody>
          {log.data.map((a) => (
            <tr key={a.id}>
              <td className="nowrap">{formatDateTime(a.at)}</td>
              <td>{a.event}{a.incidentId !== null ? ` #${a.incidentId}` : ''}</td>
              <td className="num">{a.attempt}/{a.maxAttempts}</td>
              <td className="num">{a.statusCode ?? '—'}</td>
              <td className="error-text">{a.error ?? ''}</td>
              <td className="num">{a.latencyMs} ms</td>
              <td><span className={`badge ${a.deliveryState === 'delivered' ? 'tone-ok' : a.deliveryState === 'failed' ? 'tone-fault' : 'tone-warn'}`}>{a.deliveryState}</span></td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function WebhookRow({ hook }: { hook: WebhookView }) {
  const actions = useWebhookActions();
  const [showLog, setShowLog] = useState(false);
  const test = actions.test;
  return (
    <div className="card stack">
      <div className="panel-head">
        <div>
          <div className="strong">{hook.name} {!hook.enabled && <span className="badge tone-off">off</span>}</div>
          <div className="small muted ellipsis">{hook.url}</div>
          <div className="small muted">{hook.minSeverity} and worse · sites: {hook.siteIds?.length ?? 'all'} · rules: {hook.ruleKeys?.join(', ') ?? 'all'} · secret …{hook.secretHint}</div>
        </div>
        <div className="panel-actions">
          <button type="button" className="button button-secondary button-small" disabled={test.isPending} onClick={() => test.mutate(hook.id, { onSuccess: () => setShowLog(true) })}>Send test</button>
          <button type="button" className="button button-ghost button-small" onClick={() => actions.update.mutate({ id: hook.id, enabled: !hook.enabled })}>{hook.enabled ? 'Disable' : 'Enable'}</button>
          <button type="button" className="button button-ghost button-small" aria-expanded={showLog} onClick={() => setShowLog(!showLog)}>Delivery log</button>
          <button type="button" className="button button-danger-outline button-small" onClick={() => { if (confirm(`Delete webhook ${hook.name} and its log?`)) actions.remove.mutate(hook.id); }}>Delete</button>
        </div>
      </div>
      {test.data && <div className={`alert ${test.data.error ? 'alert-error' : 'alert-ok'}`} role="status">Test: {test.data.statusCode ?? 'no answer'}{test.data.error ? ` — ${test.data.error}` : ''} in {test.data.latencyMs} ms</div>}
      {showLog && <DeliveryLog id={hook.id} />}
    </div>
  );
}

function NewWebhook() {
  const { create } = useWebhookActions();
  const [form, setForm] = useState({ name: '', url: '', minSeverity: 'warning' as WebhookView['minSeverity'], ruleKeys: '' });
  const [created, setCreated] = useState<CreatedWebhook | null>(null);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate({ name: form.name, url: form.url, minSeverity: form.minSeverity, ruleKeys: parseList(form.ruleKeys) }, {
      onSuccess: (hook) => {
        setCreated(hook);
        setForm({ name: '', url: '', minSeverity: 'warning', ruleKeys: '' });
      },
    });
  };
  return (
    <form className="card form-grid" onSubmit={submit}>
      <div className="field"><label htmlFor="wh-name">Name</label><input id="wh-name" required value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} /></div>
      <div className="field span-2"><label htmlFor="wh-url">URL</label><input id="wh-url" type="url" required value={form.url} placeholder="https://…" onChange={(e) => setForm({ ...form, url: e.target.value })} /></div>
      <div className="field">
        <label htmlFor="wh-severity">At least</label>
        <select id="wh-severity" value={form.minSeverity} onChange={(e) => setForm({ ...form, minSeverity: e.target.value as WebhookView['minSeverity'] })}>
          <option value="info">Info</option><option value="warning">Warning</option><option value="critical">Critical</option>
        </select>
      </div>
      <div className="field"><label htmlFor="wh-rules">Rules</label><input id="wh-rules" value={form.ruleKeys} placeholder="All rules" onChange={(e) => setForm({ ...form, ruleKeys: e.target.value })} /></div>
      <div><button type="submit" className="button button-primary" disabled={create.isPending}>Add webhook</button></div>
      {create.isError && <ErrorBox error={create.error} title="Not added" />}
      {created && <div className="alert alert-ok span-3" role="status">Added. Its signing secret, shown only now: <code className="code">{created.secret}</code></div>}
    </form>
  );
}

/** The webhooks panel. */
export function WebhooksAdmin() {
  const hooks = useWebhooks(true);
  return (
    <Panel title="Webhooks">
      <p className="small muted">
        Incident changes are POSTed as JSON with the header <code className="code">X-Chargewatch-Signature: t=&lt;unix seconds&gt;,v1=&lt;hex&gt;</code>, where v1 is
        HMAC-SHA256 with the endpoint's secret over <code className="code">&lt;t&gt;.&lt;raw body&gt;</code>. Refuse old t values to stop replays. Failed deliveries are retried with back-off.
      </p>
      <div className="stack">
        {hooks.isPending ? <Loading /> : hooks.isError ? <ErrorBox error={hooks.error} /> : hooks.data.map((h) => <WebhookRow key={h.id} hook={h} />)}
        <NewWebhook />
      </div>
    </Panel>
  );
}
