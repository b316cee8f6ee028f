/**
 * A station command behind a confirmation dialog: the operator fills the few fields it needs, confirms,
 * and sees the station's own answer (or why there was none) in the same dialog.
 */
import { useState, type ReactNode } from 'react';
import { ApiRequestError, errorMessage } from '../api/client.js';
import { runCommand } from '../api/commands.js';
import type { CommandRequest, CommandResult } from '../api/types.js';
import { Dialog } from './dialog.js';

/** One input of a command form. */
export type CommandField =
  | { name: string; label: string; kind: 'text' | 'number'; required?: boolean; placeholder?: string }
  | { name: string; label: string; kind: 'select'; options: Array<{ value: string; label: string }> };

/** Props: which station, the button, the dialog's text and fields, and how the request is built from them. */
export interface CommandButtonProps {
  stationId: string;
  label: string;
  title: string;
  description: ReactNode;
  fields?: CommandField[];
  initial?: Record<string, string>;
  build(values: Record<string, string>): CommandRequest;
  danger?: boolean;
  disabled?: boolean;
  /** A compact button, for table rows. */
  small?: boolean;
  onResult?(result: CommandResult, values: Record<string, string>): void;
}

type Outcome = { result: CommandResult } | { error: unknown } | null;

const GOOD = new Set(['Accepted', 'Unlocked', 'Scheduled', 'Triggered']);

/** Shows the station's answer: its status word, how long it took, and the raw CALLRESULT. */
export function CommandOutcome({ outcome }: { outcome: Exclude<Outcome, null> }) {
  if ('error' in outcome) {
    const e = outcome.error;
    const kind = e instanceof ApiRequestError && e.status === 504 ? 'No answer from the station' : e instanceof ApiRequestError && e.status === 502 ? 'The station answered with an error' : 'The command failed';
    return (
      <div className="alert alert-error" role="alert" data-testid="command-error">
        <strong>{kind}</strong>
        <span>{errorMessage(e)}{e instanceof ApiRequestError ? ` (${e.code})` : ''}</span>
      </div>
    );
  }
  const r = outcome.result;
  return (
    <div className={`alert ${GOOD.has(r.status) ? 'alert-ok' : 'alert-warn'}`} role="status" data-testid="command-result">
      <strong>The station answered: <span data-testid="command-status">{r.status}</span></strong>
      <span className="muted">in {r.durationMs} ms</span>
      <details>
        <summary>Raw answer</summary>
        <pre className="code">{JSON.stringify(r.raw, null, 2)}</pre>
      </details>
    </div>
  );
}

/** The button and its dialog. */
export function CommandButton(props: CommandButtonProps) {
  const [open, setOpen] = useState(false);
  const [values, setValues] = useState<Record<string, string>>(props.initial ?? {});
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>(null);

  const show = () => {
    const defaults: Record<string, string> = {};
    for (const f of props.fields ?? []) if (f.kind === 'select') defaults[f.name] = f.options[0]?.value ?? '';
    setValues({ ...defaults, ...props.initial });
    setOutcome(null);
    setOpen(true);
  };
  const send = async () => {
    setBusy(true);
    setOutcome(null);
    try {
      const result = await runCommand(props.stationId, props.build(values));
      setOutcome({ result });
      props.onResult?.(result, values);
    } catch (error) {
      setOutcome({ error });
    } finally {
      setBusy(false);
    }
  };
  const missing = (props.fields ?? []).some((f) => f.kind !== 'select' && f.required && !values[f.name]?.trim());

  return (
    <>
      <button type="button" className={`button ${props.danger ? 'button-danger-outline' : 'button-secondary'}${props.small ? ' button-small' : ''}`} onClick={show} disabled={props.disabled}>{props.label}</button>
      <Dialog
        open={open}
        title={props.title}
        onClose={() => setOpen(false)}
        footer={outcome ? (
          <>
            <button type="button" className="button button-ghost" onClick={() => setOutcome(null)}>Send again</button>
            <button type="button" className="button button-primary" onClick={() => setOpen(false)}>Close</button>
          </>
        ) : (
          <>
            <button type="button" className="button button-ghost" onClick={() => setOpen(false)} disabled={busy}>Cancel</button>
            <button type="button" className={`button ${props.danger ? 'button-danger' : 'button-primary'}`} onClick={() => void send()} disabled={busy || missing}>
              {busy ? 'Waiting for the station…' : 'Confirm'}
            </button>
          </>
        )}
      >
        <div className="dialog-text">{props.description}</div>
        {!outcome && (props.fields ?? []).map((f) => (
          <label key={f.name} className="field">
            <span>{f.label}</span>
            {f.kind === 'select' ? (
              <select value={values[f.name] ?? f.options[0]?.value ?? ''} onChange={(e) => setValues({ ...values, [f.name]: e.target.value })}>
                {f.options.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
              </select>
            ) : (
              <input type={f.kind} value={values[f.name] ?? ''} placeholder={f.placeholder} required={f.required} onChange={(e) => setValues({ ...values, [f.name]: e.target.value })} />
            )}
          </label>
        ))}
        {outcome && <CommandOutcome outcome={outcome} />}
      </Dialog>
    </>
  );
}
