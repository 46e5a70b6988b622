import type Database from 'better-sqlite3';
import type { World, WorldHousehold } from '../../seed/world';
import { Random } from '../../seed/random';
import { cents } from '../kit/loaderFields';

const ARREAR_CREDITORS: Readonly<Record<string, readonly string[]>> = {
  HUUR: ['Haag Wonen', 'Woonstad Rotterdam', 'Portaal'],
  ENERGIE: ['Eneco', 'Vattenfall', 'Essent'],
  WATER: ['Dunea', 'Evides', 'Vitens'],
  ZORGVERZEKERING: ['Zilveren Kruis', 'CZ', 'VGZ'],
};

export function seedInkomen(db: Database.Database, world: World): void {
  const benefit = db.prepare('INSERT INTO benefits (person_id, kind, monthly_amount_cents, since) VALUES (?, ?, ?, ?)');
  const arrear = db.prepare('INSERT INTO payment_arrears (person_id, kind, creditor, amount_cents, months, signaled_at) VALUES (?, ?, ?, ?, ?, ?)');
  // Creditors send the person's contact details with a report (Besluit gemeentelijke schuldhulpverlening art. 2).
  const contact = db.prepare('INSERT OR IGNORE INTO signal_contacts (person_id, name, street, house_number, postal_code, city) VALUES (?, ?, ?, ?, ?, ?)');
  const contactOf = (household: WorldHousehold, personId: string) => {
    const person = household.members.find((m) => m.id === personId);
    if (person) contact.run(personId, person.name, household.address.street, household.address.houseNumber, household.address.postalCode, household.address.city);
  };

  // docs/domain.md demo: payment arrears, and income support since the mother left home.
  benefit.run('P-0001', 'PARTICIPATIEWET', cents(1401.12), '2026-04-01');
  benefit.run('P-0001', 'ZORGTOESLAG', cents(131), '2026-04-01');
  arrear.run('P-0001', 'HUUR', 'Haag Wonen', cents(2350), 3, '2026-03-10');
  arrear.run('P-0001', 'ENERGIE', 'Eneco', cents(1180.4), 5, '2026-02-15');
  arrear.run('P-0001', 'ZORGVERZEKERING', 'Zilveren Kruis', cents(864), 6, '2026-01-20');
  contactOf(world.households[0]!, 'P-0001');

  for (const household of world.households) {
    if (household.index === 1) continue;
    const involvement = household.involvements.find((i) => i.agency === 'inkomen');
    if (!involvement) continue;
    const hasChildren = household.members.some((m) => m.householdRole === 'kind');
    for (const personId of involvement.personIds) {
      const rng = Random.for(world.seed, 'inkomen', personId);
      if (rng.chance(0.6)) benefit.run(personId, 'PARTICIPATIEWET', cents(rng.euros(900, 1450)), involvement.since);
      if (rng.chance(0.7)) benefit.run(personId, 'ZORGTOESLAG', cents(rng.euros(100, 135)), involvement.since);
      if (rng.chance(0.5)) benefit.run(personId, 'HUURTOESLAG', cents(rng.euros(150, 420)), involvement.since);
      if (hasChildren && rng.chance(0.6)) benefit.run(personId, 'KINDGEBONDEN_BUDGET', cents(rng.euros(90, 380)), involvement.since);
      for (const kind of Object.keys(ARREAR_CREDITORS)) {
        if (!rng.chance(0.35)) continue;
        const months = rng.int(1, 8);
        arrear.run(personId, kind, rng.pick(ARREAR_CREDITORS[kind]!), cents(rng.euros(40, 200) * months), months, rng.date(2025, 2026));
        contactOf(household, personId);
      }
    }
  }
}
