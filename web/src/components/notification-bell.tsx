/** The bell: my unread count, live, and a panel of recent notifications that lead to their incidents. */
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { markRead, useMarkAllRead, useRecentNotifications, useUnreadCount } from '../api/notifications.js';
import type { NotificationView } from '../api/types.js';
import { formatDateTime } from '../format.js';
import { Link, navigate } from '../router.js';

const CHANGE = { opened: 'Opened', escalated: 'Escalated', resolved: 'Resolved' } as const;
const TONE = { info: 'tone-info', warning: 'tone-warn', critical: 'tone-fault' } as const;

/** The bell button with its dropdown panel. */
export function NotificationBell() {
  const [open, setOpen] = useState(false);
  const client = useQueryClient();
  const unread = useUnreadCount();
  const recent = useRecentNotifications(open);
  const markAll = useMarkAllRead();
  const box = useRef<HTMLDivElement>(null);
  const count = unread.data?.count ?? 0;

  useEffect(() => {
    if (!open) return;
    const close = (e: MouseEvent | KeyboardEvent) => {
      if (e instanceof KeyboardEvent ? e.key === 'Escape' : !box.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', close);
    document.addEventListener('keydown', close);
    return () => {
      document.removeEventListener('mousedown', close);
      document.removeEventListener('keydown', close);
    };
  }, [open]);

  const go = (n: NotificationView) => {
    setOpen(false);
    if (!n.readAt) void markRead(client, n.id);
    navigate(`/incidents/${n.incidentId}`);
  };

  return (
    <div className="bell" ref={box}>
      <button type="button" className="icon-button bell-button" aria-expanded={open} aria-haspopup="true" onClick={() => setOpen(!open)}
        aria-label={count > 0 ? `Notifications, ${count} unread` : 'Notifications'}>
        <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true"><path fill="currentColor" d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1z" /></svg>
        {count > 0 && <span className="bell-count" data-testid="unread-count">{count > 99 ? '99+' : count}</span>}
      </button>
      {open && (
        <div className="bell-panel" role="dialog" aria-label="Notifications">
          <div className="bell-head">
            <strong>Notifications</strong>
            <button type="button" className="button button-ghost button-small" disabled={count === 0 || markAll.isPending} onClick={() => markAll.mutate()}>Mark all read</button>
          </div>
          {recent.isPending ? <div className="bell-empty muted">Loading…</div> : recent.isError ? <div className="bell-empty error-text">Notifications could not be loaded.</div>
            : recent.data.items.length === 0 ? <div className="bell-empty muted">Nothing yet.</div> : (
              <ul className="bell-list">
                {recent.data.items.map((n) => (
                  <li key={n.id}>
                    <button type="button" className={`bell-item${n.readAt ? '' : ' unread'}`} onClick={() => go(n)}>
                      <span className={`badge ${TONE[n.severity]}`}>{n.severity}</span>
                      <span className="bell-text">
                        <span className="bell-title">{n.title}</span>
                        <span className="small muted">{CHANGE[n.change]} · {formatDateTime(n.createdAt)}{n.stationId ? ` · ${n.stationId}` : ''}</span>
                      </span>
                    </button>
                  </li>
                ))}
              </ul>
            )}
          <div className="bell-foot"><Link to="/settings/notifications" onClick={() => setOpen(false)}>Notification settings</Link></div>
        </div>
      )}
    </div>
  );
}
