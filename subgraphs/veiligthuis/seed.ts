import type Database from 'better-sqlite3';
import type { World } from '../../seed/world';
import { Random } from '../../seed/random';

const SHELTERS = ['Blijf Groep', 'Fier', 'Moviera', 'Kadera'];
const SUMMARIES: Readonly<Record<string, string>> = {
  HUISELIJK_GEWELD: 'Melding huiselijk geweld door politie na incident in de woning',
  KINDERMISHANDELING: 'Zorgen over veiligheid van het kind gemeld door school',
  OUDERENMISHANDELING: 'Signalen van financiële uitbuiting gemeld door thuiszorg',
};

export function seedVeiligthuis(db: Database.Database, world: World): void {
  const flag = db.prepare('INSERT INTO safety_flags VALUES (?, ?)');
  const report = db.prepare('INSERT INTO safety_reports VALUES (?, ?, ?, ?, ?, ?)');
  const stay = db.prepare(
    'INSERT INTO shelter_stays (id, person_id, shelter, since, until, with_children, note, without_children_reason_code) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );

  // docs/domain.md demo: a domestic-violence report, and a shelter stay for the mother without the children.
  for (const personId of ['P-0001', 'P-0002', 'P-0003']) flag.run(personId, '2026-03-30');
  report.run('VT-0001', 'P-0001', 'HUISELIJK_GEWELD', 'VERVOLG', '2026-03-29', 'Melding huiselijk geweld door ex-partner; politie-inzet in de echtelijke woning, kinderen getuige');
  report.run('VT-0002', 'P-0002', 'KINDERMISHANDELING', 'VERVOLG', '2026-03-29', 'Kinderen getuige van huiselijk geweld; overgedragen aan jeugdbescherming');
  stay.run('OP-0001', 'P-0001', 'Blijf Groep', '2026-03-31', null, 0, 'Opvang zonder kinderen: geen gezinsplek beschikbaar', 'GEEN_GEZINSPLEK');

  for (const household of world.households) {
    if (household.index === 1) continue;
    const involvement = household.involvements.find((i) => i.agency === 'veiligthuis');
    if (!involvement) continue;
    const rng = Random.for(world.seed, 'veiligthuis', household.id);
    const [victim, ...children] = involvement.personIds as [string, ...string[]];
    const kind = children.length > 0 && rng.chance(0.4) ? 'KINDERMISHANDELING' : rng.chance(0.9) ? 'HUISELIJK_GEWELD' : 'OUDERENMISHANDELING';
    const status = rng.pick(['ONTVANGEN', 'ONDERZOEK', 'VERVOLG', 'AFGESLOTEN'] as const);
    report.run(`VT-${household.id.slice(2)}`, kind === 'KINDERMISHANDELING' ? children[0]! : victim, kind, status, involvement.since, SUMMARIES[kind]!);
    if (status !== 'AFGESLOTEN') for (const personId of involvement.personIds) flag.run(personId, involvement.since);
    if (kind === 'HUISELIJK_GEWELD' && rng.chance(0.3)) {
      const withChildren = children.length > 0 && rng.chance(0.6);
      const withoutReason = withChildren || children.length === 0 ? null : rng.pick(['GEEN_GEZINSPLEK', 'KINDEREN_ELDERS_VEILIG'] as const);
      const note = withChildren ? 'Opvang met kinderen' : withoutReason === 'GEEN_GEZINSPLEK' ? 'Opvang zonder kinderen: geen gezinsplek beschikbaar' : 'Opvang zonder kinderen';
      stay.run(`OP-${household.id.slice(2)}`, victim, rng.pick(SHELTERS), involvement.since, rng.chance(0.5) ? null : rng.date(2026, 2026), withChildren ? 1 : 0, note, withoutReason);
    }
  }
}
