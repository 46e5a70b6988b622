import type { SqlSession, Store } from '../kit/Store';
import { KEYS, latestPerKey, oneByKey } from '../kit/keyedLoader';
import { euros } from '../kit/loaderFields';

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
    // The latest application per household.
    urgencyApplication: oneByKey(
      store,
      sql,
      latestPerKey('urgency_applications', 'household_id', 'submitted_at'),
      (row) => ({
        id: row.id,
        status: row.status,
        submittedAt: row.submitted_at,
        decidedAt: row.decided_at,
        decisionReason: row.decision_reason,
        decisionReasonCode: row.decision_reason_code,
      }),
    ),
  };
}

export type WonenLoaders = ReturnType<typeof createLoaders>;
