import type { SqlSession, Store, Row } from '../kit/Store';
import { KEYS, manyByKey, oneByKey } from '../kit/keyedLoader';

export interface HouseholdRecord {
  id: string;
  address: { street: string; houseNumber: string; postalCode: string; city: string; kind: string };
}
export interface PersonRecord {
  id: string;
  householdId: string;
  name: string;
  birthDate: string;
  householdRole: string;
}
export interface ProfessionalRecord {
  sub: string;
  name: string;
  organisation: string;
  role: string;
  phone: string;
}
export interface RegistrationRecord {
  agency: string;
  since: string;
  professional: ProfessionalRecord;
}
/** The label a goal's text falls under (the most sensitive thing it says). */
export type GoalLabel = 'case' | 'special-safety' | 'special-health';

export interface CoordinationRecord {
  id: string;
  status: string;
  openedAt: string;
  goals: Array<{ text: string; label: GoalLabel }>;
  coordinator: ProfessionalRecord;
}

const household = (row: Row): HouseholdRecord => ({
  id: String(row.id),
  address: {
    street: String(row.street),
    houseNumber: String(row.house_number),
    postalCode: String(row.postal_code),
    city: String(row.city),
    kind: String(row.address_kind),
  },
});

const person = (row: Row): PersonRecord => ({
  id: String(row.id),
  householdId: String(row.household_id),
  name: String(row.name),
  birthDate: String(row.birth_date),
  householdRole: String(row.household_role),
});

const professional = (row: Row): ProfessionalRecord => ({
  sub: String(row.sub),
  name: String(row.professional_name),
  organisation: String(row.org),
  role: String(row.role),
  phone: String(row.phone),
});

const PROFESSIONAL_COLUMNS = 'pr.sub, pr.name AS professional_name, pr.org, pr.role, pr.phone';

const GOAL_LABELS: readonly GoalLabel[] = ['case', 'special-safety', 'special-health'];

/** Goals as stored: `{ text, label }`. One without a known label is kept under the strictest label. */
function parseGoals(json: string): CoordinationRecord['goals'] {
  const goals = JSON.parse(json) as Array<string | { text?: unknown; label?: unknown }>;
  return goals.map((goal) =>
    typeof goal === 'object' && goal !== null && GOAL_LABELS.includes(goal.label as GoalLabel)
      ? { text: String(goal.text), label: goal.label as GoalLabel }
      : { text: typeof goal === 'string' ? goal : String(goal?.text ?? ''), label: 'special-health' },
  );
}

/** Agency → the special category its involvement itself reveals (migrations/002); others are general. */
export function agencySensitivity(store: Store): ReadonlyMap<string, GoalLabel> {
  const rows = store.db.prepare('SELECT agency, category FROM agency_sensitivity').all() as Array<{ agency: string; category: GoalLabel }>;
  return new Map(rows.map((r) => [r.agency, r.category]));
}

/** Per-request loaders: one SQL statement per kind of look-up, whatever the batch. */
export function createLoaders(store: Store, sql: SqlSession) {
  return {
    household: oneByKey(store, sql, { sql: `SELECT * FROM households WHERE id IN (${KEYS})`, keyColumn: 'id' }, household),
    person: oneByKey(store, sql, { sql: `SELECT * FROM persons WHERE id IN (${KEYS})`, keyColumn: 'id' }, person),
    members: manyByKey(
      store,
      sql,
      { sql: `SELECT * FROM persons WHERE household_id IN (${KEYS}) ORDER BY id`, keyColumn: 'household_id' },
      person,
    ),
    registrations: manyByKey(
      store,
      sql,
      {
        sql: `SELECT p.household_id, r.agency, MIN(r.since) AS since, ${PROFESSIONAL_COLUMNS}
              FROM registrations r
              JOIN persons p ON p.id = r.person_id
              JOIN professionals pr ON pr.sub = r.professional_sub
              WHERE p.household_id IN (${KEYS}) AND r.ended_at IS NULL
              GROUP BY p.household_id, r.agency, pr.sub
              ORDER BY since`,
        keyColumn: 'household_id',
      },
      (row): RegistrationRecord => ({ agency: String(row.agency), since: String(row.since), professional: professional(row) }),
    ),
    coordination: oneByKey(
      store,
      sql,
      {
        sql: `SELECT c.*, ${PROFESSIONAL_COLUMNS}
              FROM coordination_cases c JOIN professionals pr ON pr.sub = c.coordinator_sub
              WHERE c.household_id IN (${KEYS})`,
        keyColumn: 'household_id',
      },
      (row): CoordinationRecord => ({
        id: String(row.id),
        status: String(row.status),
        openedAt: String(row.opened_at),
        goals: parseGoals(String(row.goals)),
        coordinator: professional(row),
      }),
    ),
  };
}

export type GemeenteLoaders = ReturnType<typeof createLoaders>;

const RELATED_HOUSEHOLDS = `
  SELECT p.household_id FROM registrations r JOIN persons p ON p.id = r.person_id
  WHERE r.professional_sub = ? AND r.ended_at IS NULL
  UNION
  SELECT household_id FROM coordination_cases WHERE coordinator_sub = ? AND status != 'AFGESLOTEN'`;

/**
 * Everything `sub` may read for a relation-bound purpose: the related households and all
 * their members, in one statement (docs/domain.md, need-to-know).
 */
export function accessOf(store: Store, sql: SqlSession, sub: string): { householdIds: string[]; personIds: string[] } {
  const rows = sql.all<{ household_id: string; person_id: string }>(
    store.statement(`SELECT household_id, id AS person_id FROM persons WHERE household_id IN (${RELATED_HOUSEHOLDS}) ORDER BY household_id, id`),
    sub,
    sub,
  );
  return { householdIds: [...new Set(rows.map((r) => r.household_id))], personIds: rows.map((r) => r.person_id) };
}

/** Households where `sub` has an active relation (docs/domain.md, need-to-know). */
export function householdsOf(store: Store, sql: SqlSession, sub: string): HouseholdRecord[] {
  const rows = sql.all(
    store.statement(
      `SELECT h.* FROM households h WHERE h.id IN (${RELATED_HOUSEHOLDS}) ORDER BY h.id`,
    ),
    sub,
    sub,
  );
  return rows.map(household);
}
