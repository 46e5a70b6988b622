/**
 * The demo world's agencies (docs/domain.md): the generator knows them as data. The product
 * itself learns which subgraphs exist from the registry (schema/subgraphs.yaml).
 */
export const AGENCIES = ['gemeente', 'schuldhulp', 'wonen', 'veiligthuis', 'jeugdzorg', 'inkomen'] as const;

export type AgencyName = (typeof AGENCIES)[number];
import { CITIES, FIRST_NAMES, STREETS, SURNAMES } from './names';
import { Random } from './random';

/**
 * The synthetic world every agency seeds its own records from: households, members,
 * professionals and which agency is involved with whom. One world, six databases, so the
 * referral index in `gemeente` and the agencies' records always agree.
 */
export type HouseholdRole = 'ouder' | 'kind' | 'volwassene';

export interface WorldPerson {
  id: string;
  householdId: string;
  name: string;
  birthDate: string;
  householdRole: HouseholdRole;
}

export interface WorldAddress {
  street: string;
  houseNumber: string;
  postalCode: string;
  city: string;
  /** A BRIEFADRES is a postal address for someone without a fixed home (Wet BRP art. 2.40). */
  kind: 'WOONADRES' | 'BRIEFADRES';
}

export interface Professional {
  sub: string;
  name: string;
  org: AgencyName;
  role: string;
}

/** One agency's involvement with a household: the professional and the members it concerns. */
export interface WorldInvolvement {
  agency: AgencyName;
  professional: string;
  personIds: string[];
  since: string;
}

export interface WorldHousehold {
  id: string;
  index: number;
  address: WorldAddress;
  members: WorldPerson[];
  involvements: WorldInvolvement[];
}

export interface World {
  seed: number;
  households: WorldHousehold[];
  professionals: Professional[];
}

export interface WorldOptions {
  /** Total households including the demo household H-0001. */
  households: number;
  seed: number;
}

export const WORLD_DEFAULTS: WorldOptions = { households: 300, seed: 1 };

export const PROFESSIONAL_ROLE: Readonly<Record<AgencyName, string>> = {
  gemeente: 'regisseur',
  schuldhulp: 'schuldhulpverlener',
  wonen: 'woonconsulent',
  veiligthuis: 'veiligthuis-medewerker',
  jeugdzorg: 'jeugdbeschermer',
  // No purpose in docs/domain.md is granted to this role: it registers involvement, it reads nothing.
  inkomen: 'inkomensconsulent',
};

const SUB_PREFIX: Readonly<Record<AgencyName, string>> = {
  gemeente: 'u-regisseur',
  schuldhulp: 'u-schuld',
  wonen: 'u-wonen',
  veiligthuis: 'u-vt',
  jeugdzorg: 'u-jeugd',
  inkomen: 'u-inkomen',
};

export function householdId(index: number): string {
  return `H-${String(index).padStart(4, '0')}`;
}

export function personId(index: number): string {
  return `P-${String(index).padStart(4, '0')}`;
}

/** docs/domain.md "Demo data": the case that motivates the product, with fixed ids. */
function demoHousehold(): WorldHousehold {
  const id = householdId(1);
  const members: WorldPerson[] = [
    { id: 'P-0001', householdId: id, name: 'Samira de Vries', birthDate: '1989-04-12', householdRole: 'ouder' },
    { id: 'P-0002', householdId: id, name: 'Noah de Vries', birthDate: '2015-09-03', householdRole: 'kind' },
    { id: 'P-0003', householdId: id, name: 'Lina de Vries', birthDate: '2019-01-27', householdRole: 'kind' },
  ];
  return {
    id,
    index: 1,
    address: { street: 'Spui', houseNumber: '70', postalCode: '2511 BT', city: 'Den Haag', kind: 'BRIEFADRES' },
    members,
    involvements: [
      { agency: 'gemeente', professional: 'u-regisseur-1', personIds: ['P-0001', 'P-0002', 'P-0003'], since: '2026-06-02' },
      { agency: 'schuldhulp', professional: 'u-schuld-1', personIds: ['P-0001'], since: '2026-05-11' },
      { agency: 'wonen', professional: 'u-wonen-1', personIds: ['P-0001'], since: '2026-04-20' },
      { agency: 'veiligthuis', professional: 'u-vt-1', personIds: ['P-0001', 'P-0002', 'P-0003'], since: '2026-03-30' },
      { agency: 'jeugdzorg', professional: 'u-jeugd-1', personIds: ['P-0002', 'P-0003'], since: '2026-04-08' },
      { agency: 'inkomen', professional: 'u-inkomen-1', personIds: ['P-0001'], since: '2026-02-15' },
    ],
  };
}

function demoProfessionals(): Professional[] {
  return [
    { sub: 'u-regisseur-1', name: 'Karin Visser', org: 'gemeente', role: 'regisseur' },
    { sub: 'u-regisseur-2', name: 'Jeroen Bakker', org: 'gemeente', role: 'regisseur' },
    { sub: 'u-schuld-1', name: 'Mehmet Kaya', org: 'schuldhulp', role: 'schuldhulpverlener' },
    { sub: 'u-wonen-1', name: 'Ingrid Mulder', org: 'wonen', role: 'woonconsulent' },
    { sub: 'u-vt-1', name: 'Sanne Dekker', org: 'veiligthuis', role: 'veiligthuis-medewerker' },
    { sub: 'u-jeugd-1', name: 'Peter Smit', org: 'jeugdzorg', role: 'jeugdbeschermer' },
    { sub: 'u-inkomen-1', name: 'Fenna Bos', org: 'inkomen', role: 'inkomensconsulent' },
    { sub: 'u-privacy-1', name: 'Eva Hendriks', org: 'gemeente', role: 'privacy-officer' },
    // Works the queue of early signals (vroegsignalering); no relation with any household.
    { sub: 'u-vroeg-1', name: 'Daan Jansen', org: 'gemeente', role: 'vroegsignaleerder' },
  ];
}

/** Generated professionals per agency: `u-<agency>-2` onward, about one per 25 households. */
function professionalPools(households: number): Record<AgencyName, Professional[]> {
  const size = Math.max(2, Math.ceil(households / 25));
  const pools = {} as Record<AgencyName, Professional[]>;
  for (const agency of AGENCIES) {
    const pool: Professional[] = [];
    // u-regisseur-2 is a demo professional; the other agencies' pools start at 2 too.
    for (let k = 2; k < size + 2; k += 1) {
      const rng = Random.for('professional', agency, k);
      pool.push({
        sub: `${SUB_PREFIX[agency]}-${k}`,
        name: `${rng.pick(FIRST_NAMES)} ${rng.pick(SURNAMES)}`,
        org: agency,
        role: PROFESSIONAL_ROLE[agency],
      });
    }
    pools[agency] = pool;
  }
  return pools;
}

const SIZE_WEIGHTS = [0, 20, 25, 22, 18, 10, 5]; // index = members, 1..6
const AGENCY_COUNT_WEIGHTS = [10, 20, 25, 20, 12, 8, 5]; // index = agencies, 0..6

function weighted(rng: Random, weights: readonly number[]): number {
  const total = weights.reduce((sum, w) => sum + w, 0);
  let roll = rng.next() * total;
  for (let index = 0; index < weights.length; index += 1) {
    roll -= weights[index]!;
    if (roll < 0) return index;
  }
  return weights.length - 1;
}

/** Which members an agency's records concern: plausible, not random. */
function subjectsFor(agency: AgencyName, members: WorldPerson[]): string[] {
  const adults = members.filter((m) => m.householdRole !== 'kind');
  const children = members.filter((m) => m.householdRole === 'kind');
  switch (agency) {
    case 'gemeente':
      return members.map((m) => m.id);
    case 'jeugdzorg':
      return children.map((m) => m.id);
    case 'veiligthuis':
      return [adults[0]!.id, ...children.map((m) => m.id)];
    case 'inkomen':
      return adults.map((m) => m.id);
    default:
      return [adults[0]!.id];
  }
}

function generatedHousehold(index: number, firstPerson: number, seed: number, pools: Record<AgencyName, Professional[]>): WorldHousehold {
  const rng = Random.for(seed, 'household', index);
  const id = householdId(index);
  const forced = index === 2; // H-0002: always one of u-regisseur-2's households (docs/domain.md)
  const size = forced ? 4 : weighted(rng, SIZE_WEIGHTS);
  const adultCount = size === 1 ? 1 : forced || rng.chance(0.5) ? 2 : 1;
  const surname = rng.pick(SURNAMES);
  const members: WorldPerson[] = [];
  for (let m = 0; m < size; m += 1) {
    const child = m >= adultCount;
    members.push({
      id: personId(firstPerson + m),
      householdId: id,
      name: `${rng.pick(FIRST_NAMES)} ${surname}`,
      birthDate: child ? rng.date(2008, 2024) : rng.date(1958, 2002),
      householdRole: child ? 'kind' : size === 1 ? 'volwassene' : 'ouder',
    });
  }
  const [city, postalPrefix] = rng.pick(CITIES);
  const address: WorldAddress = {
    street: rng.pick(STREETS),
    houseNumber: String(rng.int(1, 240)),
    postalCode: `${postalPrefix}${rng.int(10, 99)} ${String.fromCharCode(65 + rng.int(0, 25))}${String.fromCharCode(65 + rng.int(0, 25))}`,
    city,
    kind: rng.chance(0.04) ? 'BRIEFADRES' : 'WOONADRES',
  };

  const hasChildren = members.some((m) => m.householdRole === 'kind');
  const eligible = AGENCIES.filter((a) => a !== 'gemeente' && (a !== 'jeugdzorg' || hasChildren));
  let agencies: AgencyName[];
  if (forced) {
    agencies = ['gemeente', 'schuldhulp', 'wonen', 'inkomen'];
  } else {
    const wanted = Math.min(weighted(rng, AGENCY_COUNT_WEIGHTS), eligible.length);
    const shuffled = [...eligible].sort(() => rng.next() - 0.5);
    agencies = shuffled.slice(0, wanted);
    // Once several professionals are involved, the social team takes coordination (regie).
    if (agencies.length >= 3 && rng.chance(0.8)) agencies.unshift('gemeente');
  }
  const involvements = agencies.map((agency): WorldInvolvement => ({
    agency,
    professional: forced && agency === 'gemeente' ? 'u-regisseur-2' : rng.pick(pools[agency]).sub,
    personIds: subjectsFor(agency, members),
    since: rng.date(2023, 2026),
  }));
  return { id, index, address, members, involvements };
}

/** Same options, same world: every choice comes from streams seeded by (seed, household). */
export function generateWorld(options: Partial<WorldOptions> = {}): World {
  const { households, seed } = { ...WORLD_DEFAULTS, ...options };
  const pools = professionalPools(households);
  const list: WorldHousehold[] = [demoHousehold()];
  let nextPerson = 4;
  for (let index = 2; index <= households; index += 1) {
    const household = generatedHousehold(index, nextPerson, seed, pools);
    nextPerson += household.members.length;
    list.push(household);
  }
  const demo = demoProfessionals();
  const known = new Set(demo.map((p) => p.sub));
  const generated = AGENCIES.flatMap((a) => pools[a]).filter((p) => !known.has(p.sub));
  return { seed, households: list, professionals: [...demo, ...generated] };
}
