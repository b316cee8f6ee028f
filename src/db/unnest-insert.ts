import type pg from 'pg';
import { pgArray } from './array-literal.js';
import type { BatchStatement } from './batch-committer.js';
import { binaryArray, hasBinaryArray } from './binary-array.js';

/*
 * Many rows in one INSERT: one array parameter per column, expanded by unnest(). Several times faster than
 * a multi-row VALUES list, and one statement however many rows (batch channels build theirs with these).
 */

/** A column written by `insertUnnest`: its name and PostgreSQL array element type. */
export type UnnestColumn = readonly [name: string, type: string];

/**
 * The value of one `$n::type[]` parameter: PostgreSQL's binary array format where the element type has a
 * codec (every type our batches write), else an array literal.
 */
export function arrayParam(type: string, values: readonly unknown[]): Buffer | string {
  return hasBinaryArray(type) ? binaryArray(type, values) : pgArray(values);
}

/**
 * The statement that inserts rows given column by column: each column is one array parameter (numbered
 * from `$first`), expanded by unnest(). `columns[i]` holds the values of `names[i]` for every row.
 */
export function insertColumnsStatement(table: string, names: readonly UnnestColumn[], columns: readonly (readonly unknown[])[], first = 1): BatchStatement | null {
  if (columns.length === 0 || columns[0]!.length === 0) return null;
  const list = names.map(([n]) => n).join(', ');
  const params = names.map(([, t], i) => `$${first + i}::${t}[]`).join(', ');
  return { sql: `insert into ${table} (${list}) select * from unnest(${params})`, params: names.map(([, t], i) => arrayParam(t, columns[i]!)) };
}

/** Inserts rows given column by column with one statement (see `insertColumnsStatement`). */
export async function insertColumns(client: pg.PoolClient, table: string, names: readonly UnnestColumn[], columns: readonly (readonly unknown[])[]): Promise<void> {
  const s = insertColumnsStatement(table, names, columns);
  if (s) await client.query(s.sql, s.params);
}

/** Turns rows into one array per column, for `insertColumns`. */
export function toColumns<T>(columns: readonly UnnestColumn[], rows: readonly T[], values: (row: T) => unknown[]): unknown[][] {
  const arrays: unknown[][] = columns.map(() => new Array<unknown>(rows.length));
  for (let i = 0; i < rows.length; i++) {
    const v = values(rows[i]!);
    for (let c = 0; c < columns.length; c++) arrays[c]![i] = v[c];
  }
  return arrays;
}

/**
 * Inserts many rows with one statement: one array parameter per column, expanded by unnest().
 * Several times faster than a multi-row VALUES list and needs no statement per row.
 */
export async function insertUnnest<T>(client: pg.PoolClient, table: string, columns: readonly UnnestColumn[], rows: readonly T[], values: (row: T) => unknown[]): Promise<void> {
  if (rows.length === 0) return;
  await insertColumns(client, table, columns, toColumns(columns, rows, values));
}
