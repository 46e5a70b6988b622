import type { SqlSession, Store } from '../kit/Store';
import { oneByKey } from '../kit/keyedLoader';
import { euros } from '../kit/loaderFields';

const KEYS = 'SELECT value FROM json_each(?)';

export function createLoaders(store: Store, sql: SqlSession) {
  return {
    tenancy: oneByKey(store, sql, { sql: `SELECT * FROM tenancies WHERE household_id IN (${KEYS})`, keyColumn: 'household_id' }, (row) => ({
      landlord: row.landlord,
      status: row.status,
      monthlyRent: euros(row.monthly_rent_cents),
      rentArrears: euros(row.rent_arrears_cents),
      arrearsMonths: row.arrears_months,
      eviction: row.eviction,
      startDate: row.start_date,
      endDate: row.end_date,
    })),
    // The latest application per household: the window function keeps one row each.
    urgencyApplication: oneByKey(
      store,
      sql,
      {
        sql: `SELECT * FROM (
                SELECT u.*, ROW_NUMBER() OVER (PARTITION BY household_id ORDER BY submitted_at DESC) AS n
                FROM urgency_applications u WHERE household_id IN (${KEYS})
              ) WHERE n = 1`,
        keyColumn: 'household_id',
      },
      (row) => ({
        id: row.id,
        status: row.status,
        submittedAt: row.submitted_at,
        decidedAt: row.decided_at,
        decisionReason: row.decision_reason,
      }),
    ),
  };
}

export type WonenLoaders = ReturnType<typeof createLoaders>;
