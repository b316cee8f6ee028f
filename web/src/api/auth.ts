/** The signed-in session: who the user is, the CSRF token for unsafe requests, login and logout. */
import { useQuery, type QueryClient } from '@tanstack/react-query';
import { ApiRequestError, api, setCsrfToken } from './client.js';
import { keys } from './queries.js';
import type { LoginRequest, SessionInfo, UserView } from './types.js';

/** A user as the accounts API may describe it; `mustChangePassword` is set when a new password is due. */
export type SessionUser = UserView & { mustChangePassword?: boolean };

/** The current session, or null when nobody is signed in. */
export function useMe() {
  return useQuery({
    queryKey: keys.me,
    queryFn: async ({ signal }) => {
      try {
        const info = await api<SessionInfo>('/auth/me', { signal, quiet401: true });
        setCsrfToken(info.csrfToken);
        return info;
      } catch (error) {
        if (error instanceof ApiRequestError && error.status === 401) {
          setCsrfToken(null);
          return null;
        }
        throw error;
      }
    },
    staleTime: Infinity,
    retry: false,
  });
}

/** Signs in; the session cookie is set by the server, the CSRF token is kept for later requests. */
export async function login(client: QueryClient, body: LoginRequest): Promise<SessionInfo> {
  const info = await api<SessionInfo>('/auth/login', { method: 'POST', body, quiet401: true });
  setCsrfToken(info.csrfToken);
  client.setQueryData(keys.me, info);
  return info;
}

/** Signs out and forgets every cached view. */
export async function logout(client: QueryClient): Promise<void> {
  try {
    await api<unknown>('/auth/logout', { method: 'POST', quiet401: true });
  } finally {
    setCsrfToken(null);
    client.clear();
    client.setQueryData(keys.me, null);
  }
}

/** Sets a new password for the signed-in user (the account may require it before anything else). */
export async function changePassword(client: QueryClient, currentPassword: string, newPassword: string): Promise<void> {
  await api<undefined>('/auth/password', { method: 'POST', body: { currentPassword, newPassword } });
  const info = client.getQueryData<SessionInfo | null>(keys.me);
  if (info) client.setQueryData(keys.me, { ...info, user: { ...info.user, mustChangePassword: false } });
}
