/** Small shared pieces: loading and error states, empty states, key/value lists, stat cards. */
import type { ReactNode } from 'react';
import { errorMessage } from '../api/client.js';

/** A spinner with a label for screen readers. */
export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <div className="loading" role="status">
      <span className="spinner" aria-hidden="true" />
      {label}
    </div>
  );
}

/** An error box for a failed query or action. */
export function ErrorBox({ error, title = 'Something went wrong' }: { error: unknown; title?: string }) {
  return (
    <div className="alert alert-error" role="alert">
      <strong>{title}</strong>
      <span>{errorMessage(error)}</span>
    </div>
  );
}

/** A quiet message where a list has nothing to show. */
export function Empty({ children }: { children: ReactNode }) {
  return <div className="empty">{children}</div>;
}

/** A headline number with a label and an optional note. */
export function StatCard({ label, value, note, tone }: { label: string; value: ReactNode; note?: ReactNode; tone?: string }) {
  return (
    <div className={`card stat${tone ? ` stat-${tone}` : ''}`}>
      <div className="stat-label">{label}</div>
      <div className="stat-value">{value}</div>
      {note !== undefined && <div className="stat-note">{note}</div>}
    </div>
  );
}

/** A definition list of facts (station header, session details). */
export function Facts({ items }: { items: Array<[string, ReactNode]> }) {
  return (
    <dl className="facts">
      {items.map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}

/** A card with a title bar and optional actions on the right. */
export function Panel({ title, actions, children, className }: { title: ReactNode; actions?: ReactNode; children: ReactNode; className?: string }) {
  return (
    <section className={`card panel${className ? ` ${className}` : ''}`}>
      <header className="panel-head">
        <h2>{title}</h2>
        {actions && <div className="panel-actions">{actions}</div>}
      </header>
      <div className="panel-body">{children}</div>
    </section>
  );
}
