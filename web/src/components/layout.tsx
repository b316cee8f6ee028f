/** The signed-in frame: navigation, the live connection indicator, the user and sign-out. */
import { useQueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { logout, type SessionUser } from '../api/auth.js';
import { useLiveState } from '../api/live.js';
import { Link, navigate, useLocation } from '../router.js';
import { HealthBadge } from './health-badge.js';
import { NotificationBell } from './notification-bell.js';

const NAV: Array<{ to: string; label: string; icon: string; adminOnly?: boolean }> = [
  { to: '/', label: 'Overview', icon: 'M3 13h8V3H3zm0 8h8v-6H3zm10 0h8V11h-8zm0-18v6h8V3z' },
  { to: '/stations', label: 'Stations', icon: 'M7 2h8a2 2 0 0 1 2 2v16h1a1 1 0 0 1 0 2H4a1 1 0 0 1 0-2h1V4a2 2 0 0 1 2-2zm1 3v5h6V5zm11 3 2 2v6a2 2 0 0 1-4 0v-3h-1v-2h2v5a.5.5 0 0 0 1 0v-5.6L19 10z' },
  { to: '/sessions', label: 'Sessions', icon: 'M13 2 4 14h7l-1 8 9-12h-7z' },
  { to: '/health', label: 'Health', icon: 'M12 21s-8-5.1-8-11a4.5 4.5 0 0 1 8-2.8A4.5 4.5 0 0 1 20 10c0 5.9-8 11-8 11zM7 11h2.5l1.5-3 2 5 1.5-2H17v-1.5h-3.2L12.6 11 11 7 8.6 9.5H7z' },
  { to: '/sites', label: 'Sites', icon: 'M12 2a7 7 0 0 0-7 7c0 5 7 13 7 13s7-8 7-13a7 7 0 0 0-7-7zm0 9.5A2.5 2.5 0 1 1 12 6.5a2.5 2.5 0 0 1 0 5z' },
  { to: '/tickets', label: 'Tickets', icon: 'M4 4h16a2 2 0 0 1 2 2v3a2 2 0 0 0 0 4v3a2 2 0 0 1-2 2H4a2 2 0 0 1-2-2v-3a2 2 0 0 0 0-4V6a2 2 0 0 1 2-2zm5 4v2h6V8zm0 4v2h6v-2z' },
  { to: '/uptime', label: 'Uptime', icon: 'M3 3h2v16h16v2H3zm4 12 4-5 3 3 5-7 1.6 1.2-6.4 8.8-3-3-2.6 3.2z' },
  { to: '/tariffs', label: 'Tariffs', icon: 'M21.4 11.6 12.4 2.6A2 2 0 0 0 11 2H4a2 2 0 0 0-2 2v7c0 .55.22 1.05.59 1.42l9 9a2 2 0 0 0 2.82 0l7-7a2 2 0 0 0 0-2.82zM6.5 8A1.5 1.5 0 1 1 6.5 5a1.5 1.5 0 0 1 0 3z' },
  { to: '/drivers', label: 'Drivers & tokens', icon: 'M9 11a4 4 0 1 0 0-8 4 4 0 0 0 0 8zm0 2c-3.3 0-7 1.6-7 4v2h10.3a6 6 0 0 1-.3-2 6 6 0 0 1 .9-3.2A12 12 0 0 0 9 13zm9-1a5 5 0 0 0-4.9 6H14v3h2v-1h2v-2h.9A5 5 0 1 0 18 12zm1 3.5a1.5 1.5 0 1 1 0-3 1.5 1.5 0 0 1 0 3z' },
  { to: '/security', label: 'Security', icon: 'M12 2 4 5v6c0 5 3.4 9.7 8 11 4.6-1.3 8-6 8-11V5zm-1 14-4-4 1.4-1.4 2.6 2.6 5.6-5.6L18 9z' },
  { to: '/audit', label: 'Audit log', adminOnly: true, icon: 'M6 2h9l5 5v13a2 2 0 0 1-2 2H6a2 2 0 0 1-2-2V4a2 2 0 0 1 2-2zm8 1.5V8h4.5zM8 12v2h8v-2zm0 4v2h8v-2zm0-8v2h4V8z' },
];

function isActive(to: string, path: string): boolean {
  return to === '/' ? path === '/' : path === to || path.startsWith(`${to}/`);
}

const LIVE_LABEL = { live: 'Live', connecting: 'Connecting…', reconnecting: 'Reconnecting…' } as const;

/** The page frame around every signed-in page. */
export function Layout({ user, children }: { user: SessionUser; children: ReactNode }) {
  const { path } = useLocation();
  const client = useQueryClient();
  const live = useLiveState();
  const signOut = () => {
    void logout(client).finally(() => navigate('/login'));
  };
  return (
    <div className="shell">
      <a href="#main" className="skip-link">Skip to content</a>
      <aside className="sidebar">
        <Link to="/" className="brand" aria-label="Chargewatch overview">
          <svg viewBox="0 0 32 32" width="28" height="28" aria-hidden="true"><rect width="32" height="32" rx="7" fill="var(--accent)" /><path d="M18 4 8 18h7l-2 10 11-15h-7z" fill="#fff" /></svg>
          <span>Chargewatch</span>
        </Link>
        <nav aria-label="Main" className="nav">
          {NAV.filter((item) => !item.adminOnly || user.role === 'admin').map((item) => (
            <Link key={item.to} to={item.to} className={`nav-link${isActive(item.to, path) ? ' active' : ''}`} aria-current={isActive(item.to, path) ? 'page' : undefined}>
              <svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true"><path d={item.icon} fill="currentColor" /></svg>
              <span>{item.label}</span>
              {item.to === '/health' && <HealthBadge />}
            </Link>
          ))}
        </nav>
        <div className="sidebar-foot">
          <div className="sidebar-tools">
            <NotificationBell />
            <span className={`live-state live-${live}`} role="status" aria-live="polite" data-live={live}>
              <span className="dot" aria-hidden="true" />
              {LIVE_LABEL[live]}
            </span>
          </div>
          <div className="user">
            <div className="user-name">{user.displayName ?? user.username}</div>
            <div className="user-role">{user.role}</div>
          </div>
          <button type="button" className="button button-ghost button-small" onClick={signOut}>Sign out</button>
        </div>
      </aside>
      <main id="main" className="main" tabIndex={-1}>{children}</main>
    </div>
  );
}

/** A page title row with optional actions and a breadcrumb link back. */
export function PageHeader({ title, back, children, subtitle }: { title: ReactNode; back?: { to: string; label: string }; subtitle?: ReactNode; children?: ReactNode }) {
  return (
    <header className="page-header">
      <div>
        {back && <Link to={back.to} className="back-link">← {back.label}</Link>}
        <h1>{title}</h1>
        {subtitle && <div className="page-subtitle">{subtitle}</div>}
      </div>
      {children && <div className="page-actions">{children}</div>}
    </header>
  );
}
