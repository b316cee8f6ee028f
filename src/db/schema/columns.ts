import type { ColumnType } from 'kysely';

/** A timestamp column: read as a Date, written as a Date or ISO text. */
export type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** A jsonb column: read parsed, written as JSON text. */
export type Json<T = Record<string, unknown>> = ColumnType<T, string, string>;
/** A timestamp the database fills in by default (DefaultTimestamp would nest two ColumnTypes). */
export type DefaultTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
