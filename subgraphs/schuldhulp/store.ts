import type { SqlSession, Store } from '../kit/Store';
import { KEYS, manyByKey, oneByKey } from '../kit/keyedLoader';
import { euros } from '../kit/loaderFields';

export function createLoaders(store: Store, sql: SqlSession) {
  const creditors = manyByKey(
    store,
    sql,
    { sql: `SELECT * FROM creditors WHERE debt_case_id IN (${KEYS}) ORDER BY id`, keyColumn: 'debt_case_id' },
    (row) => ({ name: row.name, kind: row.kind, amount: euros(row.amount_cents) }),
  );
  return {
    creditors,
    debtCase: oneByKey(store, sql, { sql: `SELECT * FROM debt_cases WHERE person_id IN (${KEYS})`, keyColumn: 'person_id' }, (row) => ({
      id: String(row.id),
      status: row.status,
      refusalReason: row.refusal_reason,
      refusalReasonCode: row.refusal_reason_code,
      decidedAt: row.decided_at,
      totalDebt: euros(row.total_debt_cents),
      registeredAt: row.registered_at,
    })),
  };
}

export type SchuldhulpLoaders = ReturnType<typeof createLoaders>;
