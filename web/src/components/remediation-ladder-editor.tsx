/** Edits a rule's remediation ladder: on/off, and its steps (action, seconds after the incident opened), in order. */
import type { RemediationLadder, RemediationStep } from '../api/types.js';

const ACTIONS: Record<RemediationStep['action'], string> = {
  trigger_status: 'Ask for status (TriggerMessage)', soft_reset: 'Soft reset', hard_reset: 'Hard reset', ticket: 'Open a maintenance ticket',
};

/** The ladder editor; `onChange` gets the whole new ladder. */
export function RemediationLadderEditor({ value, onChange, disabled }: { value: RemediationLadder; onChange(next: RemediationLadder): void; disabled?: boolean }) {
  const setStep = (index: number, step: RemediationStep) => onChange({ ...value, steps: value.steps.map((s, i) => (i === index ? step : s)) });
  const last = value.steps[value.steps.length - 1];
  return (
    <fieldset className="ladder" disabled={disabled}>
      <legend>Automatic remediation</legend>
      <label className="field-inline">
        <input type="checkbox" checked={value.enabled} onChange={(e) => onChange({ ...value, enabled: e.target.checked })} />
        <span>Run these steps while the incident stays open</span>
      </label>
      <ol className="ladder-steps">
        {value.steps.map((step, i) => (
          <li key={i}>
            <select aria-label={`Step ${i + 1} action`} value={step.action} onChange={(e) => setStep(i, { ...step, action: e.target.value as RemediationStep['action'] })}>
              {Object.entries(ACTIONS).map(([action, label]) => <option key={action} value={action}>{label}</option>)}
            </select>
            <label className="field-inline">
              <span>after</span>
              <input type="number" min={0} step={1} aria-label={`Step ${i + 1} seconds after opening`} value={step.afterS}
                onChange={(e) => setStep(i, { ...step, afterS: Math.max(0, Math.trunc(Number(e.target.value))) })} />
              <span>s</span>
            </label>
            <button type="button" className="button button-ghost button-small" onClick={() => onChange({ ...value, steps: value.steps.filter((_, j) => j !== i) })}>Remove</button>
          </li>
        ))}
      </ol>
      {value.steps.length < 10 && (
        <button type="button" className="button button-ghost button-small" onClick={() => onChange({ ...value, steps: [...value.steps, { action: 'trigger_status', afterS: (last?.afterS ?? 0) + 60 }] })}>
          Add step
        </button>
      )}
    </fieldset>
  );
}
