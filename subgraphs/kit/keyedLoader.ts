import DataLoader from 'dataloader';
import type { Row, SqlSession, Store } from './Store';

/**
 * Batched look-ups by key. The SQL takes the keys as one JSON array parameter
 * (`IN (SELECT value FROM json_each(?))`), so one prepared statement serves any batch
 * size and a household view costs one statement per loader, not one per member.
 */
/** The batch's keys, as a subquery: `WHERE person_id IN (${KEYS})`. */
export const KEYS = 'SELECT value FROM json_each(?)';

/**
 * The newest row per key (a person's latest shelter stay, a household's latest
 * application): a window function keeps one row each, still one statement per batch.
 */
export function latestPerKey(table: string, keyColumn: string, newestFirst: string): KeyedQuery {
  return {
    sql: `SELECT * FROM (
            SELECT t.*, ROW_NUMBER() OVER (PARTITION BY ${keyColumn} ORDER BY ${newestFirst} DESC) AS n
            FROM ${table} t WHERE ${keyColumn} IN (${KEYS})
          ) WHERE n = 1`,
    keyColumn,
  };
}

export interface KeyedQuery {
  /** SQL with exactly one `?` that receives the JSON array of keys. */
  sql: string;
  /** The column that holds the key each row belongs to. */
  keyColumn: string;
}

function grouped(store: Store, sql: SqlSession, query: KeyedQuery, keys: readonly string[]): Map<string, Row[]> {
  const rows = sql.all(store.statement(query.sql), JSON.stringify(keys));
  const byKey = new Map<string, Row[]>();
  for (const row of rows) {
    const key = String(row[query.keyColumn]);
    const list = byKey.get(key);
    if (list) list.push(row);
    else byKey.set(key, [row]);
  }
  return byKey;
}

/** Loader for at most one row per key (an entity by id, a person's debt case). */
export function oneByKey<T>(store: Store, sql: SqlSession, query: KeyedQuery, map: (row: Row) => T): DataLoader<string, T | null> {
  return new DataLoader<string, T | null>(async (keys) => {
    const byKey = grouped(store, sql, query, keys);
    return keys.map((key) => {
      const row = byKey.get(key)?.[0];
      return row ? map(row) : null;
    });
  });
}

/** Loader for a list of rows per key (members of a household, creditors of a case). */
export function manyByKey<T>(store: Store, sql: SqlSession, query: KeyedQuery, map: (row: Row) => T): DataLoader<string, T[]> {
  return new DataLoader<string, T[]>(async (keys) => {
    const byKey = grouped(store, sql, query, keys);
    return keys.map((key) => (byKey.get(key) ?? []).map(map));
  });
}
