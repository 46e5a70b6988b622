import type Database from 'better-sqlite3';
import type { World } from '../../seed/world';
import { Random } from '../../seed/random';
import { cents } from '../kit/loaderFields';
import { addDays } from '../../seed/addDays';

const STATUSES = ['AANMELDING', 'INTAKE', 'STABILISATIE', 'SCHULDREGELING', 'AFGEWEZEN'] as const;
/** A refusal in the counsellor's words, with its code (policies/blockages.yaml reads the code). */
const REFUSALS: ReadonlyArray<readonly [string, string]> = [
  ['Geen vast woonadres; aanmelding kan pas na inschrijving op een (brief)adres', 'GEEN_VAST_WOONADRES'],
  ['Recent ontstane fraudeschuld; niet saneerbaar binnen de termijn', 'FRAUDESCHULD'],
  ['Aanvrager verscheen niet op de intakegesprekken', 'GEEN_MEDEWERKING'],
];
const CREDITORS: ReadonlyArray<readonly [string, string]> = [
  ['Woonstad Rotterdam', 'WONINGCORPORATIE'],
  ['Eneco', 'ENERGIELEVERANCIER'],
  ['Zilveren Kruis', 'ZORGVERZEKERAAR'],
  ['Belastingdienst/Toeslagen', 'BELASTINGDIENST'],
  ['KPN', 'TELECOM'],
  ['Intrum', 'INCASSOBUREAU'],
];

export function seedSchuldhulp(db: Database.Database, world: World): void {
  const debtCase = db.prepare(
    'INSERT INTO debt_cases (id, person_id, status, refusal_reason, total_debt_cents, registered_at, refusal_reason_code, decided_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const creditor = db.prepare('INSERT INTO creditors (debt_case_id, name, kind, amount_cents) VALUES (?, ?, ?, ?)');

  // docs/domain.md demo: debt counselling refused for lack of a fixed address.
  const demo: Array<[string, string, number]> = [
    ['Woonstad Rotterdam', 'WONINGCORPORATIE', 2350],
    ['Eneco', 'ENERGIELEVERANCIER', 1180.4],
    ['Zilveren Kruis', 'ZORGVERZEKERAAR', 864],
    ['Belastingdienst/Toeslagen', 'BELASTINGDIENST', 10475.6],
  ];
  const [demoReason, demoCode] = REFUSALS[0]!;
  debtCase.run('SH-0001', 'P-0001', 'AFGEWEZEN', demoReason, cents(demo.reduce((s, [, , a]) => s + a, 0)), '2026-05-11', demoCode, '2026-05-25');
  for (const [name, kind, amount] of demo) creditor.run('SH-0001', name, kind, cents(amount));

  for (const household of world.households) {
    if (household.index === 1) continue;
    for (const involvement of household.involvements) {
      if (involvement.agency !== 'schuldhulp') continue;
      for (const personId of involvement.personIds) {
        const rng = Random.for(world.seed, 'schuldhulp', personId);
        const id = `SH-${personId.slice(2)}`;
        const status = rng.pick(STATUSES);
        const owed = Array.from({ length: rng.int(1, 6) }, (_, k) => {
          const [name, kind] = CREDITORS[(k + rng.int(0, CREDITORS.length - 1)) % CREDITORS.length]!;
          return { name, kind, amount: cents(rng.euros(80, 9000)) };
        });
        const total = owed.reduce((sum, c) => sum + c.amount, 0);
        // A refusal without a fixed address is what the blockage rules look for; it is
        // plausible only where the household has a postal address (BRIEFADRES).
        const refusal = status === 'AFGEWEZEN' ? rng.pick(household.address.kind === 'BRIEFADRES' ? REFUSALS : REFUSALS.slice(1)) : null;
        const decided = status === 'AANMELDING' ? null : addDays(involvement.since, rng.int(7, 42));
        debtCase.run(id, personId, status, refusal?.[0] ?? null, total, involvement.since, refusal?.[1] ?? null, decided);
        for (const c of owed) creditor.run(id, c.name, c.kind, c.amount);
      }
    }
  }
}
