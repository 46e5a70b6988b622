import type { EarlySignalRules } from '../../policies/EarlySignalRules';
import type { SqlSession, Store } from '../kit/Store';
import { euros } from '../kit/loaderFields';

export interface EarlySignal {
  id: string;
  name: string | null;
  address: { street: string; houseNumber: string; postalCode: string; city: string } | null;
  arrears: Array<{ creditorKind: string; months: number; amount: number }>;
}

interface ArrearRow {
  person_id: string;
  kind: string;
  creditor: string;
  amount_cents: number;
  months: number;
  signaled_at: string;
}

interface ContactRow {
  name: string;
  street: string;
  house_number: string;
  postal_code: string;
  city: string;
}

/** `YYYY-MM-DD` plus whole months, as text that sorts like the dates. */
function addMonths(date: string, months: number): string {
  const d = new Date(`${date.slice(0, 10)}T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + months);
  return d.toISOString().slice(0, 10);
}

/** Do reports of at least `creditors` different creditors fall within `withinMonths` of each other? */
function combines(reports: readonly ArrearRow[], rules: EarlySignalRules): ArrearRow[] | null {
  const sorted = [...reports].sort((a, b) => a.signaled_at.localeCompare(b.signaled_at));
  for (let start = 0; start < sorted.length; start += 1) {
    const end = addMonths(sorted[start]!.signaled_at, rules.withinMonths);
    const window = sorted.filter((r, i) => i >= start && r.signaled_at <= end);
    if (new Set(window.map((r) => r.creditor)).size >= rules.creditors) return window;
  }
  return null;
}

/** The page size of the queue: default 20, at most 100 (a person works through it; nobody downloads it). */
export const EARLY_SIGNAL_PAGE = { default: 20, max: 100 } as const;

/**
 * The queue of early signals, by person id after `after`: persons whose counting reports
 * (policies/earlySignals.yaml) combine into a signal and whose outreach has no outcome yet.
 * Each signal holds only the person, the contact address, and per report the kind of
 * creditor, the months and the amount.
 */
export function earlySignals(store: Store, sql: SqlSession, rules: EarlySignalRules, first: number, after: string | null): { signals: EarlySignal[]; nextCursor: string | null } {
  const limit = Math.max(0, Math.min(first, EARLY_SIGNAL_PAGE.max));
  const rows = sql.all<ArrearRow>(
    store.statement(
      `SELECT person_id, kind, creditor, amount_cents, months, signaled_at FROM payment_arrears a
       WHERE person_id > @after AND months >= @minMonths AND kind IN (SELECT value FROM json_each(@kinds))
         AND NOT EXISTS (SELECT 1 FROM outreach_outcomes o WHERE o.person_id = a.person_id)
       ORDER BY person_id, signaled_at`,
    ),
    { after: after ?? '', minMonths: rules.minMonths, kinds: JSON.stringify(rules.kinds) },
  );
  const byPerson = new Map<string, ArrearRow[]>();
  for (const row of rows) {
    const list = byPerson.get(row.person_id) ?? [];
    list.push(row);
    byPerson.set(row.person_id, list);
  }
  const signals: EarlySignal[] = [];
  let more = false;
  const contact = store.statement('SELECT name, street, house_number, postal_code, city FROM signal_contacts WHERE person_id = ?');
  for (const [personId, reports] of byPerson) {
    const window = combines(reports, rules);
    if (!window) continue;
    if (signals.length === limit) {
      more = true;
      break;
    }
    const c = sql.get<ContactRow>(contact, personId);
    signals.push({
      id: personId,
      name: c?.name ?? null,
      address: c ? { street: c.street, houseNumber: c.house_number, postalCode: c.postal_code, city: c.city } : null,
      arrears: window.map((r) => ({ creditorKind: r.kind, months: r.months, amount: euros(r.amount_cents) })),
    });
  }
  return { signals, nextCursor: more && signals.length > 0 ? signals.at(-1)!.id : null };
}
