import type Database from 'better-sqlite3';
import type { World } from '../../seed/world';
import { Random } from '../../seed/random';

export function seedJeugdzorg(db: Database.Database, world: World): void {
  const measure = db.prepare(
    'INSERT INTO measures (id, person_id, kind, placement, under_supervision_order, since, until, note, placement_reason_code) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );

  // docs/domain.md demo: the shelter could not take the children, so they went into foster care.
  const note = 'Uithuisplaatsing in pleeggezin omdat de opvang moeder niet samen met de kinderen kon plaatsen';
  measure.run('JZ-0002', 'P-0002', 'UITHUISPLAATSING', 'PLEEGZORG', 1, '2026-04-08', '2027-04-08', note, 'GEEN_OPVANG_MET_OUDER');
  measure.run('JZ-0003', 'P-0003', 'UITHUISPLAATSING', 'PLEEGZORG', 1, '2026-04-08', '2027-04-08', note, 'GEEN_OPVANG_MET_OUDER');

  for (const household of world.households) {
    if (household.index === 1) continue;
    const involvement = household.involvements.find((i) => i.agency === 'jeugdzorg');
    if (!involvement) continue;
    const rng = Random.for(world.seed, 'jeugdzorg', household.id);
    for (const personId of involvement.personIds) {
      const kind = rng.pick(['OTS', 'OTS', 'UITHUISPLAATSING', 'VRIJWILLIG_KADER', 'VRIJWILLIG_KADER'] as const);
      const placement = kind === 'UITHUISPLAATSING' ? rng.pick(['PLEEGZORG', 'PLEEGZORG', 'GEZINSHUIS', 'RESIDENTIEEL'] as const) : null;
      const since = rng.date(2023, 2026);
      const reason = placement ? rng.pick(['ONVEILIGE_THUISSITUATIE', 'OPVOEDINGSPROBLEMEN', 'GEEN_OPVANG_MET_OUDER'] as const) : null;
      measure.run(`JZ-${personId.slice(2)}`, personId, kind, placement, kind === 'VRIJWILLIG_KADER' ? 0 : 1, since, kind === 'VRIJWILLIG_KADER' ? null : `${Number(since.slice(0, 4)) + 1}${since.slice(4)}`, null, reason);
    }
  }
}
