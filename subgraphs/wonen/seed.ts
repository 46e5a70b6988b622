import type Database from 'better-sqlite3';
import type { World } from '../../seed/world';
import { Random } from '../../seed/random';
import { cents } from '../kit/loaderFields';
import { addDays } from '../../seed/addDays';

const LANDLORDS = ['Woonstad Rotterdam', 'Haag Wonen', 'Portaal', 'Mitros', 'Lefier', 'Vivare'];
/** Status, the reason in the officer's words, and a refusal's code (policies/blockages.yaml reads it). */
const DECISIONS = [
  ['TOEGEKEND', 'Urgentie toegekend: dreigende dakloosheid met minderjarige kinderen', null],
  ['AFGEWEZEN', 'Eigen verantwoordelijkheid: woonprobleem was te voorzien', 'VOORZIENBAAR'],
  ['AFGEWEZEN', 'Huurachterstand bij vorige verhuurder niet afgelost', 'SCHULDEN'],
] as const;

export function seedWonen(db: Database.Database, world: World): void {
  const tenancy = db.prepare('INSERT INTO tenancies VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
  const urgency = db.prepare(
    'INSERT INTO urgency_applications (id, household_id, status, submitted_at, decided_at, decision_reason, decision_reason_code) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );

  // docs/domain.md demo: the marital home's tenancy ended with a residual debt, and that
  // residual debt is why housing urgency was denied.
  tenancy.run('T-0001', 'H-0001', 'Haag Wonen', 'BEEINDIGD', cents(742.5), cents(2350), 3, 'GEEN', '2016-08-01', '2026-03-31');
  urgency.run(
    'U-0001',
    'H-0001',
    'AFGEWEZEN',
    '2026-04-20',
    '2026-05-06',
    'Restschuld huurachterstand voormalige echtelijke woning (€ 2.350) niet afgelost; urgentie pas na een betalingsregeling',
    'SCHULDEN',
  );

  for (const household of world.households) {
    if (household.index === 1 || !household.involvements.some((i) => i.agency === 'wonen')) continue;
    const rng = Random.for(world.seed, 'wonen', household.id);
    const months = rng.chance(0.6) ? rng.int(1, 8) : 0;
    const rent = rng.euros(450, 1100);
    const eviction = months >= 4 ? rng.pick(['AANGEZEGD', 'VONNIS', 'GEEN'] as const) : 'GEEN';
    tenancy.run(`T-${household.id.slice(2)}`, household.id, rng.pick(LANDLORDS), months >= 6 && rng.chance(0.3) ? 'OPGEZEGD' : 'LOPEND', cents(rent), cents(rent * months), months, eviction, rng.date(2005, 2024), null);
    if (rng.chance(0.35)) {
      const decided = rng.chance(0.7);
      const [status, reason, code] = decided ? rng.pick(DECISIONS) : (['IN_BEHANDELING', null, null] as const);
      const submitted = rng.date(2025, 2026);
      urgency.run(`U-${household.id.slice(2)}`, household.id, status, submitted, decided ? addDays(submitted, rng.int(10, 60)) : null, reason, code);
    }
  }
}
