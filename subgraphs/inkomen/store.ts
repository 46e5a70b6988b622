import type { SqlSession, Store } from '../kit/Store';
import { KEYS, manyByKey } from '../kit/keyedLoader';
import { euros } from '../kit/loaderFields';

export function createLoaders(store: Store, sql: SqlSession) {
  return {
    benefits: manyByKey(
      store,
      sql,
      { sql: `SELECT * FROM benefits WHERE person_id IN (${KEYS}) ORDER BY id`, keyColumn: 'person_id' },
      (row) => ({ kind: row.kind, monthlyAmount: euros(row.monthly_amount_cents), since: row.since }),
    ),
    paymentArrears: manyByKey(
      store,
      sql,
      { sql: `SELECT * FROM payment_arrears WHERE person_id IN (${KEYS}) ORDER BY id`, keyColumn: 'person_id' },
      (row) => ({ kind: row.kind, creditor: row.creditor, amount: euros(row.amount_cents), months: row.months, signaledAt: row.signaled_at }),
    ),
  };
}

export type InkomenLoaders = ReturnType<typeof createLoaders>;
