import type { Updateable } from 'kysely';
import type { WebhooksTable } from '../../db/schema.js';
import type { Channel } from '../alerts/index.js';
import { NotFoundError, ValidationError } from '../shared/app-error.js';
import type { CreatedWebhook, IncidentChange, NotificationDeps, WebhookAttemptView, WebhookRequest, WebhookSettings, WebhookView } from './notifications.js';
import { withinFilter } from './subscription-match.js';
import type { WebhookSender } from './webhook-sender.js';
import { deleteWebhook, findWebhook, insertDeliveries, insertWebhook, listAttempts, listWebhooks, updateWebhook, type WebhookRow } from './webhooks-repository.js';

const ID = /^\d{1,18}$/;

function view(r: WebhookRow): WebhookView {
  return {
    id: r.id, name: r.name, url: r.url, secretHint: r.secret.slice(-4), minSeverity: r.min_severity, siteIds: r.site_ids, ruleKeys: r.rule_keys,
    enabled: r.enabled, createdAt: r.created_at.toISOString(), updatedAt: r.updated_at.toISOString(),
  };
}

function checkUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ValidationError('the webhook URL is not a URL', { url });
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw new ValidationError('a webhook URL is http:// or https://', { url });
  return parsed.toString();
}

function checkSecret(secret: string): string {
  if (secret.length < 16) throw new ValidationError('a webhook secret is at least 16 characters');
  return secret;
}

/** Webhook endpoints (admins manage them) and the messages queued for them. */
export class WebhooksService {
  constructor(private readonly deps: NotificationDeps & { sender: WebhookSender; settings: Pick<WebhookSettings, 'maxAttempts'> }) {}

  async list(): Promise<WebhookView[]> {
    return (await listWebhooks(this.deps.db)).map(view);
  }

  async get(id: string): Promise<WebhookView> {
    return view(await this.row(id));
  }

  /** Adds an endpoint; without a secret one is generated. The answer is the only place the whole secret shows. */
  async create(input: WebhookRequest): Promise<CreatedWebhook> {
    const at = this.deps.clock.now();
    const secret = input.secret !== undefined ? checkSecret(input.secret) : `whsec_${this.deps.ids.token(24)}`;
    const row = await insertWebhook(this.deps.db, {
      name: this.name(input.name), url: checkUrl(input.url), secret, min_severity: input.minSeverity ?? 'warning',
      site_ids: input.siteIds ?? null, rule_keys: input.ruleKeys ?? null, enabled: input.enabled ?? true, created_at: at, updated_at: at,
    });
    return { ...view(row), secret };
  }

  /** Changes an endpoint; absent fields stay. */
  async update(id: string, patch: Partial<WebhookRequest>): Promise<WebhookView> {
    await this.row(id);
    const set: Updateable<WebhooksTable> = { updated_at: this.deps.clock.now() };
    if (patch.name !== undefined) set.name = this.name(patch.name);
    if (patch.url !== undefined) set.url = checkUrl(patch.url);
    if (patch.secret !== undefined) set.secret = checkSecret(patch.secret);
    if (patch.minSeverity !== undefined) set.min_severity = patch.minSeverity;
    if (patch.siteIds !== undefined) set.site_ids = patch.siteIds;
    if (patch.ruleKeys !== undefined) set.rule_keys = patch.ruleKeys;
    if (patch.enabled !== undefined) set.enabled = patch.enabled;
    const row = await updateWebhook(this.deps.db, id, set);
    if (!row) throw new NotFoundError('webhook', id);
    return view(row);
  }

  async remove(id: string): Promise<void> {
    if (!ID.test(id) || !(await deleteWebhook(this.deps.db, id))) throw new NotFoundError('webhook', id);
  }

  /** The endpoint's delivery log, newest attempt first. */
  async attempts(id: string, q: { beforeId?: string; limit: number }): Promise<WebhookAttemptView[]> {
    await this.row(id);
    return listAttempts(this.deps.db, id, q);
  }

  /** Sends one `webhook.test` message now (a single attempt, logged like any other) and returns the attempt. */
  async test(id: string): Promise<WebhookAttemptView> {
    const hook = await this.row(id);
    const at = this.deps.clock.now();
    const body = JSON.stringify({ id: this.deps.ids.uuid(), type: 'webhook.test', at: at.toISOString(), webhook: { id: hook.id, name: hook.name } });
    const [delivery] = await insertDeliveries(this.deps.db, [{ webhook_id: hook.id, event: 'webhook.test', incident_id: null, body, max_attempts: 1, next_attempt_at: at, created_at: at }]);
    await this.deps.sender.runDue([delivery!.id]);
    const logged = (await listAttempts(this.deps.db, id, { limit: 20 })).find((a) => a.deliveryId === delivery!.id);
    if (!logged) throw new Error(`test delivery ${delivery!.id} was not attempted`);
    return logged;
  }

  /**
   * Queues an incident change for every enabled endpoint whose filters match (when the rule allows the
   * webhook channel) and starts sending; returns the endpoints it was queued for.
   */
  async enqueue(change: IncidentChange, allowed: readonly Channel[]): Promise<WebhookView[]> {
    if (!allowed.includes('webhook')) return [];
    const hooks = (await listWebhooks(this.deps.db, true)).filter((h) => withinFilter(change.incident, { minSeverity: h.min_severity, siteIds: h.site_ids, ruleKeys: h.rule_keys }));
    if (hooks.length === 0) return [];
    const at = this.deps.clock.now();
    const type = `incident.${change.change}`;
    const deliveries = await insertDeliveries(this.deps.db, hooks.map((h) => ({
      webhook_id: h.id, event: type, incident_id: change.incident.id, max_attempts: this.deps.settings.maxAttempts, next_attempt_at: at, created_at: at,
      body: JSON.stringify({ id: this.deps.ids.uuid(), type, change: change.change, at: change.at.toISOString(), incident: change.incident }),
    })));
    // Sent in the background: the sender logs its own failures and retries from the table.
    void this.deps.sender.runDue(deliveries.map((d) => d.id));
    return hooks.map(view);
  }

  private async row(id: string): Promise<WebhookRow> {
    const row = ID.test(id) ? await findWebhook(this.deps.db, id) : undefined;
    if (!row) throw new NotFoundError('webhook', id);
    return row;
  }

  private name(name: string): string {
    const trimmed = name.trim();
    if (trimmed.length === 0 || trimmed.length > 200) throw new ValidationError('a webhook name is 1 to 200 characters');
    return trimmed;
  }
}
