/** The signed-in user's notifications and subscriptions, and (admins) webhook endpoints: keys, reads and writes. */
import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { api, queryString } from './client.js';
import type {
  CreatedWebhook, LiveEvent, NotificationSettingsRequest, NotificationSettingsView, NotificationView, Page, UnreadCount, WebhookAttemptView,
  WebhookRequest, WebhookView,
} from './types.js';

/** Cache keys of this module. */
export const notificationKeys = {
  unread: ['notifications', 'unread'] as const,
  recent: ['notifications', 'recent'] as const,
  subscriptions: ['me', 'subscriptions'] as const,
  webhooks: ['webhooks'] as const,
  deliveries: (id: string) => ['webhooks', id, 'deliveries'] as const,
};

/** Comma-separated text (rule keys) to a list; empty means "all" (null). */
export function parseList(text: string): string[] | null {
  const items = text.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
  return items.length > 0 ? items : null;
}

/** Notifications shown in the bell's panel. */
const RECENT = 15;

/** My unread count (kept current by the live stream). */
export function useUnreadCount() {
  return useQuery({ queryKey: notificationKeys.unread, queryFn: ({ signal }) => api<UnreadCount>('/notifications/unread-count', { signal }) });
}

/** My most recent notifications. */
export function useRecentNotifications(enabled: boolean) {
  return useQuery({ queryKey: notificationKeys.recent, enabled, queryFn: ({ signal }) => api<Page<NotificationView>>(`/notifications${queryString({ limit: RECENT })}`, { signal }) });
}

/** Marks one notification read. */
export function markRead(client: QueryClient, id: string): Promise<void> {
  return api<void>(`/notifications/${encodeURIComponent(id)}/read`, { method: 'POST' }).then(() => void client.invalidateQueries({ queryKey: ['notifications'] }));
}

/** Marks all my notifications read. */
export function useMarkAllRead() {
  const client = useQueryClient();
  return useMutation({ mutationFn: () => api<UnreadCount>('/notifications/read-all', { method: 'POST' }), onSuccess: () => client.invalidateQueries({ queryKey: ['notifications'] }) });
}

/** Folds live notification events into the caches: the unread count from the event, the list refetched. */
export function applyNotificationEvents(client: QueryClient, events: readonly LiveEvent[]): void {
  let last: LiveEvent | undefined;
  for (const e of events) if (e.type === 'notification.created' || e.type === 'notification.read') last = e;
  if (!last) return;
  const count = last.type === 'notification.created' ? (last.data as { unread?: unknown }).unread : (last.data as { count?: unknown }).count;
  if (typeof count === 'number') client.setQueryData<UnreadCount>(notificationKeys.unread, { count });
  void client.invalidateQueries({ queryKey: notificationKeys.recent });
}

/** My subscriptions. */
export function useSubscriptions() {
  return useQuery({ queryKey: notificationKeys.subscriptions, queryFn: ({ signal }) => api<NotificationSettingsView>('/me/subscriptions', { signal }) });
}

/** Saves my subscriptions. */
export function useSaveSubscriptions() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: NotificationSettingsRequest) => api<NotificationSettingsView>('/me/subscriptions', { method: 'PUT', body }),
    onSuccess: (saved) => client.setQueryData(notificationKeys.subscriptions, saved),
  });
}

/** Webhook endpoints (admins). */
export function useWebhooks(enabled: boolean) {
  return useQuery({ queryKey: notificationKeys.webhooks, enabled, queryFn: ({ signal }) => api<WebhookView[]>('/webhooks', { signal }) });
}

/** An endpoint's delivery log. */
export function useDeliveries(id: string) {
  return useQuery({ queryKey: notificationKeys.deliveries(id), queryFn: ({ signal }) => api<WebhookAttemptView[]>(`/webhooks/${encodeURIComponent(id)}/deliveries`, { signal }) });
}

/** Adds, changes, deletes and tests endpoints; every change refetches the list and logs. */
export function useWebhookActions() {
  const client = useQueryClient();
  const done = () => client.invalidateQueries({ queryKey: notificationKeys.webhooks });
  return {
    create: useMutation({ mutationFn: (body: WebhookRequest) => api<CreatedWebhook>('/webhooks', { method: 'POST', body }), onSuccess: done }),
    update: useMutation({ mutationFn: ({ id, ...body }: Partial<WebhookRequest> & { id: string }) => api<WebhookView>(`/webhooks/${encodeURIComponent(id)}`, { method: 'PATCH', body }), onSuccess: done }),
    remove: useMutation({ mutationFn: (id: string) => api<void>(`/webhooks/${encodeURIComponent(id)}`, { method: 'DELETE' }), onSuccess: done }),
    test: useMutation({ mutationFn: (id: string) => api<WebhookAttemptView>(`/webhooks/${encodeURIComponent(id)}/test`, { method: 'POST' }), onSuccess: done }),
  };
}
