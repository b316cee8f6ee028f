/**
 * The one way the app talks to the HTTP API: JSON in and out, the session cookie, the CSRF header on
 * unsafe requests, and every failure as a typed `ApiRequestError`. A 401 sends the user to the login page.
 */
import type { ApiError } from './types.js';

/** An API failure: the server's error code and message, with the HTTP status. */
export class ApiRequestError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: Record<string, unknown> | undefined;

  constructor(status: number, code: string, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = 'ApiRequestError';
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

let csrfToken: string | null = null;
let onUnauthorized: (() => void) | null = null;

/** Remembers the CSRF token from the current session (null after logout). */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Called when a request answers 401 outside the login flow (the session expired or was revoked). */
export function setUnauthorizedHandler(handler: (() => void) | null): void {
  onUnauthorized = handler;
}

/** A query string from an object, skipping undefined, null and empty values. */
export function queryString(params: object): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === '') continue;
    search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

/**
 * The address of an API download (CSV, XLSX, PDF) for a plain link: the browser fetches it with the
 * session cookie and streams it to disk, so a big export never passes through the app's memory.
 */
export function downloadUrl(path: string, params: object = {}): string {
  return `/api${path}${queryString(params)}`;
}

function isApiError(body: unknown): body is ApiError {
  const error = (body as { error?: unknown } | null)?.error;
  return typeof error === 'object' && error !== null && typeof (error as { message?: unknown }).message === 'string';
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Sends a request to the API and returns its JSON answer (undefined for an empty body). */
export async function api<T>(path: string, init: { method?: string; body?: unknown; signal?: AbortSignal; quiet401?: boolean } = {}): Promise<T> {
  const method = init.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json' };
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  if (UNSAFE.has(method) && csrfToken) headers['x-csrf-token'] = csrfToken;
  let response: Response;
  try {
    response = await fetch(`/api${path}`, {
      method, headers, credentials: 'include', signal: init.signal,
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new ApiRequestError(0, 'network', 'The server cannot be reached. Check your connection.');
  }
  const text = await response.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  if (response.ok) return body as T;
  if (response.status === 401 && !init.quiet401) onUnauthorized?.();
  if (isApiError(body)) throw new ApiRequestError(response.status, body.error.code, body.error.message, body.error.details);
  throw new ApiRequestError(response.status, `http_${response.status}`, response.statusText || `Request failed (${response.status})`);
}

/** A readable message for any error a query or mutation may throw. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiRequestError) return error.message;
  if (error instanceof Error) return error.message;
  return String(error);
}
