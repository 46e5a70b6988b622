import type Database from 'better-sqlite3';
import type { World } from '../../seed/world';
import { Random } from '../../seed/random';

/** A goal and the label of the most sensitive thing it says (schema.graphql, CoordinationCase). */
type Goal = { text: string; label: 'case' | 'special-safety' | 'special-health' };

const DEMO_GOALS: Goal[] = [
  { text: 'Woonurgentie heroverwegen: de restschuld is geen reden om het gezin gescheiden te houden', label: 'case' },
  { text: 'Schuldhulp starten op het briefadres', label: 'case' },
  { text: 'Veilige woonplek voor moeder na verblijf in de opvang', label: 'special-safety' },
  { text: 'Terugplaatsing van de kinderen uit het pleeggezin voorbereiden zodra er woonruimte is', label: 'special-health' },
];

const GOALS: Goal[] = [
  { text: 'Financiële rust: aanmelding schuldhulp', label: 'case' },
  { text: 'Huisuitzetting voorkomen', label: 'case' },
  { text: 'Veiligheid in het gezin borgen', label: 'special-safety' },
  { text: 'Dagbesteding of werk vinden', label: 'case' },
  { text: 'Ondersteuning opvoeding', label: 'case' },
];

export function seedGemeente(db: Database.Database, world: World): void {
  const household = db.prepare('INSERT INTO households VALUES (?, ?, ?, ?, ?, ?)');
  const person = db.prepare('INSERT INTO persons VALUES (?, ?, ?, ?, ?)');
  const professional = db.prepare('INSERT INTO professionals VALUES (?, ?, ?, ?, ?)');
  const registration = db.prepare('INSERT INTO registrations (person_id, agency, professional_sub, since, ended_at) VALUES (?, ?, ?, ?, NULL)');
  const coordination = db.prepare('INSERT INTO coordination_cases VALUES (?, ?, ?, ?, ?, ?)');

  world.professionals.forEach((p, index) => {
    professional.run(p.sub, p.name, p.org, p.role, `070-${String(3_000_000 + index).slice(-7)}`);
  });
  for (const h of world.households) {
    const a = h.address;
    household.run(h.id, a.street, a.houseNumber, a.postalCode, a.city, a.kind);
    for (const m of h.members) person.run(m.id, h.id, m.name, m.birthDate, m.householdRole);
    for (const involvement of h.involvements) {
      for (const personId of involvement.personIds) {
        registration.run(personId, involvement.agency, involvement.professional, involvement.since);
      }
      if (involvement.agency === 'gemeente') {
        const rng = Random.for(world.seed, 'gemeente', h.id);
        const goals = h.index === 1 ? DEMO_GOALS : [rng.pick(GOALS), rng.pick(GOALS)].filter((g, i, all) => all.indexOf(g) === i);
        coordination.run(`C-${h.id.slice(2)}`, h.id, involvement.professional, h.index === 1 ? 'ACTIEF' : rng.pick(['AANGEMELD', 'ACTIEF']), involvement.since, JSON.stringify(goals));
      }
    }
  }
}
