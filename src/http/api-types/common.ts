// Shapes every part of the API shares: roles, errors, pages.

export type Role = 'admin' | 'operator' | 'technician' | 'viewer' | 'driver';

/** Every error: `{ error: { code, message, details? } }` with a matching HTTP status. */
export interface ApiError {
  error: { code: string; message: string; details?: Record<string, unknown> };
}

/** A page of a list; `nextCursor` is opaque, pass it back as `cursor` for the next page. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
  /** Total matching rows (may be an estimate above 10,000: see `totalIsEstimate`). */
  total: number;
  totalIsEstimate?: boolean;
}
