import type Database from 'better-sqlite3';

export interface SignalPruneReport {
  /** Persons whose signal was removed (reports and contact details). */
  persons: number;
  /** Arrear reports removed. */
  reports: number;
}

/**
 * Removes early signals not acted on within the term (policies/policy.yaml
 * `dataRetentionDays` of purpose vroegsignalering): for each person without a recorded
 * outreach outcome whose latest report is older than `now - retentionDays`, the reports
 * and the contact details the creditors sent. One transaction: all or nothing.
 */
export function pruneSignals(db: Database.Database, options: { now: Date; retentionDays: number }): SignalPruneReport {
  const cutoff = new Date(options.now.getTime() - options.retentionDays * 86_400_000).toISOString().slice(0, 10);
  return db.transaction((): SignalPruneReport => {
    const due = db
      .prepare(
        `SELECT person_id FROM payment_arrears a
         WHERE NOT EXISTS (SELECT 1 FROM outreach_outcomes o WHERE o.person_id = a.person_id)
         GROUP BY person_id HAVING MAX(signaled_at) < ?`,
      )
      .all(cutoff)
      .map((row) => (row as { person_id: string }).person_id);
    const ids = JSON.stringify(due);
    const reports = db.prepare('DELETE FROM payment_arrears WHERE person_id IN (SELECT value FROM json_each(?))').run(ids).changes;
    db.prepare('DELETE FROM signal_contacts WHERE person_id IN (SELECT value FROM json_each(?))').run(ids);
    return { persons: due.length, reports };
  })();
}
