/** Sign-in, and the new-password form an account may require before anything else. */
import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { changePassword, logout, login, type SessionUser } from '../api/auth.js';
import { errorMessage } from '../api/client.js';

function Brand() {
  return (
    <div className="auth-brand">
      <svg viewBox="0 0 32 32" width="40" height="40" aria-hidden="true"><rect width="32" height="32" rx="7" fill="var(--accent)" /><path d="M18 4 8 18h7l-2 10 11-15h-7z" fill="#fff" /></svg>
      <div>
        <div className="auth-title">Chargewatch</div>
        <div className="auth-subtitle">Charging network operations</div>
      </div>
    </div>
  );
}

/** The sign-in form. */
export function LoginPage() {
  const client = useQueryClient();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await login(client, { username: username.trim(), password });
    } catch (e) {
      setError(errorMessage(e));
      setBusy(false);
    }
  };

  return (
    <div className="auth-page">
      <form className="card auth-card" onSubmit={(e) => void submit(e)} aria-labelledby="login-title">
        <Brand />
        <h1 id="login-title">Sign in</h1>
        {error && <div className="alert alert-error" role="alert">{error}</div>}
        <label className="field">
          <span>Username</span>
          <input name="username" autoComplete="username" required autoFocus value={username} onChange={(e) => setUsername(e.target.value)} />
        </label>
        <label className="field">
          <span>Password</span>
          <input name="password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
        </label>
        <button type="submit" className="button button-primary button-block" disabled={busy}>{busy ? 'Signing in…' : 'Sign in'}</button>
      </form>
    </div>
  );
}

/** Asks for a new password when the account requires one (first sign-in, or after an admin reset). */
export function ChangePasswordPage({ user }: { user: SessionUser }) {
  const client = useQueryClient();
  const [current, setCurrent] = useState('');
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (password !== repeat) {
      setError('The two new passwords differ.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await changePassword(client, current, password);
    } catch (e) {
      setError(errorMessage(e));
      setBusy(false);
    }
  };

  return (
    <div className="auth-page">
      <form className="card auth-card" onSubmit={(e) => void submit(e)} aria-labelledby="change-title">
        <Brand />
        <h1 id="change-title">Choose a new password</h1>
        <p className="muted">Your account, <strong>{user.username}</strong>, needs a new password before you continue.</p>
        {error && <div className="alert alert-error" role="alert">{error}</div>}
        <label className="field">
          <span>Current password</span>
          <input type="password" autoComplete="current-password" required value={current} onChange={(e) => setCurrent(e.target.value)} />
        </label>
        <label className="field">
          <span>New password</span>
          <input type="password" autoComplete="new-password" required minLength={10} value={password} onChange={(e) => setPassword(e.target.value)} />
        </label>
        <label className="field">
          <span>Repeat new password</span>
          <input type="password" autoComplete="new-password" required minLength={10} value={repeat} onChange={(e) => setRepeat(e.target.value)} />
        </label>
        <button type="submit" className="button button-primary button-block" disabled={busy}>{busy ? 'Saving…' : 'Save password'}</button>
        <button type="button" className="button button-ghost button-block" onClick={() => void logout(client)}>Sign out</button>
      </form>
    </div>
  );
}
