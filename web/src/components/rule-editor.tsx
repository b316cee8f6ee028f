/** One alert rule's network settings: on/off, severity, escalation, thresholds, channels, remediation ladder. */
import { useState } from 'react';
import { useSaveRule } from '../api/incidents.js';
import type { AlertRule, AlertRuleChange, Channel, Severity } from '../api/types.js';
import { ErrorBox } from './feedback.js';
import { RemediationLadderEditor } from './remediation-ladder-editor.js';
import { RuleParamsFields } from './rule-params-fields.js';

const CHANNELS: Record<Channel, string> = { in_app: 'In-app', email: 'E-mail', webhook: 'Webhook' };

type Draft = Required<AlertRuleChange>;
const draftOf = (r: AlertRule): Draft => ({ enabled: r.enabled, severity: r.severity, escalateAfterMin: r.escalateAfterMin, params: r.params, channels: r.channels, remediation: r.remediation });

/** The editor; `canEdit` false shows it read-only. */
export function RuleEditor({ rule, canEdit }: { rule: AlertRule; canEdit: boolean }) {
  const [draft, setDraft] = useState<Draft>(() => draftOf(rule));
  const save = useSaveRule();
  const changed = JSON.stringify(draft) !== JSON.stringify(draftOf(rule));
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft({ ...draft, [key]: value });
  const submit = () => save.mutate({ key: rule.key, change: draft }, { onSuccess: (saved) => setDraft(draftOf(saved)) });
  return (
    <form className="rule-editor stack" onSubmit={(e) => { e.preventDefault(); submit(); }} data-rule={rule.key}>
      <fieldset disabled={!canEdit} className="stack">
        <div className="form-grid">
          <label className="field-inline">
            <input type="checkbox" checked={draft.enabled} onChange={(e) => set('enabled', e.target.checked)} />
            <span>Enabled</span>
          </label>
          <label className="field">
            <span>Severity</span>
            <select value={draft.severity} onChange={(e) => set('severity', e.target.value as Severity)}>
              <option value="info">Info</option>
              <option value="warning">Warning</option>
              <option value="critical">Critical</option>
            </select>
          </label>
          <label className="field">
            <span>Escalate after (min, empty = never)</span>
            <input type="number" min={1} max={10080} step={1} value={draft.escalateAfterMin ?? ''}
              onChange={(e) => set('escalateAfterMin', e.target.value === '' ? null : Math.trunc(Number(e.target.value)))} />
          </label>
        </div>
        {Object.keys(rule.defaults.params).length > 0 && <RuleParamsFields defaults={rule.defaults.params} value={draft.params} onChange={(params) => set('params', params)} />}
        <div className="field">
          <span>Channels</span>
          <div className="checks">
            {Object.entries(CHANNELS).map(([channel, label]) => (
              <label key={channel} className="field-inline">
                <input type="checkbox" checked={draft.channels.includes(channel as Channel)}
                  onChange={(e) => set('channels', e.target.checked ? [...draft.channels, channel as Channel] : draft.channels.filter((c) => c !== channel))} />
                <span>{label}</span>
              </label>
            ))}
          </div>
        </div>
        <RemediationLadderEditor value={draft.remediation} onChange={(remediation) => set('remediation', remediation)} />
      </fieldset>
      {canEdit && (
        <div className="incident-actions">
          <button type="submit" className="button button-primary" disabled={!changed || save.isPending}>Save</button>
          <button type="button" className="button button-ghost" disabled={!changed} onClick={() => setDraft(draftOf(rule))}>Undo changes</button>
          {rule.updatedBy && <span className="muted small">Last changed by {rule.updatedBy}</span>}
        </div>
      )}
      {save.isError && <ErrorBox error={save.error} title="Not saved" />}
    </form>
  );
}
