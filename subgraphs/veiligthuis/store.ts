import type { SqlSession, Store } from '../kit/Store';
import { KEYS, latestPerKey, manyByKey, oneByKey } from '../kit/keyedLoader';

export function createLoaders(store: Store, sql: SqlSession) {
  return {
    safetyFlag: oneByKey(store, sql, { sql: `SELECT person_id FROM safety_flags WHERE person_id IN (${KEYS})`, keyColumn: 'person_id' }, () => true),
    safetyReports: manyByKey(
      store,
      sql,
      { sql: `SELECT * FROM safety_reports WHERE person_id IN (${KEYS}) ORDER BY received_at DESC`, keyColumn: 'person_id' },
      (row) => ({ id: row.id, kind: row.kind, status: row.status, receivedAt: row.received_at, summary: row.summary }),
    ),
    shelterStay: oneByKey(
      store,
      sql,
      latestPerKey('shelter_stays', 'person_id', 'since'),
      (row) => ({ shelter: row.shelter, since: row.since, until: row.until, withChildren: row.with_children === 1, withoutChildrenReasonCode: row.without_children_reason_code, note: row.note }),
    ),
  };
}

export type VeiligthuisLoaders = ReturnType<typeof createLoaders>;
