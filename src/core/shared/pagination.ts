import { ValidationError } from './app-error.js';

/** Makes an opaque page cursor from the position a list stopped at. */
export function encodeCursor(position: unknown): string {
  return Buffer.from(JSON.stringify(position)).toString('base64url');
}

/** Reads a cursor made by `encodeCursor`, checking its shape; a foreign or damaged cursor is a 400. */
export function decodeCursor<T>(cursor: string, isValid: (value: unknown) => value is T): T {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new ValidationError('invalid cursor', { cursor });
  }
  if (!isValid(value)) throw new ValidationError('invalid cursor', { cursor });
  return value;
}

/** Clamps a requested page size to 1..max, with a default. */
export function pageLimit(limit: number | undefined, fallback = 50, max = 1000): number {
  return Math.min(Math.max(Math.trunc(limit ?? fallback) || fallback, 1), max);
}
