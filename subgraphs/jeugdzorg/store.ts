import type { SqlSession, Store } from '../kit/Store';
import { KEYS, oneByKey } from '../kit/keyedLoader';

export function createLoaders(store: Store, sql: SqlSession) {
  return {
    youthCare: oneByKey(store, sql, { sql: `SELECT * FROM measures WHERE person_id IN (${KEYS})`, keyColumn: 'person_id' }, (row) => ({
      id: row.id,
      kind: row.kind,
      placement: row.placement,
      underSupervisionOrder: row.under_supervision_order === 1,
      placementReasonCode: row.placement_reason_code,
      since: row.since,
      until: row.until,
      note: row.note,
    })),
  };
}

export type JeugdzorgLoaders = ReturnType<typeof createLoaders>;
