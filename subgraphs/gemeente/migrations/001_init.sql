CREATE TABLE households (
  id TEXT PRIMARY KEY,
  street TEXT NOT NULL,
  house_number TEXT NOT NULL,
  postal_code TEXT NOT NULL,
  city TEXT NOT NULL,
  address_kind TEXT NOT NULL CHECK (address_kind IN ('WOONADRES', 'BRIEFADRES'))
);

CREATE TABLE persons (
  id TEXT PRIMARY KEY,
  household_id TEXT NOT NULL REFERENCES households(id),
  name TEXT NOT NULL,
  birth_date TEXT NOT NULL,
  household_role TEXT NOT NULL CHECK (household_role IN ('ouder', 'kind', 'volwassene'))
);
CREATE INDEX persons_by_household ON persons(household_id);

CREATE TABLE professionals (
  sub TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  org TEXT NOT NULL,
  role TEXT NOT NULL,
  phone TEXT NOT NULL
);

-- The referral index: an agency registers that it is involved with a person.
CREATE TABLE registrations (
  id INTEGER PRIMARY KEY,
  person_id TEXT NOT NULL REFERENCES persons(id),
  agency TEXT NOT NULL,
  professional_sub TEXT NOT NULL REFERENCES professionals(sub),
  since TEXT NOT NULL,
  ended_at TEXT
);
CREATE INDEX registrations_by_person ON registrations(person_id);
CREATE INDEX registrations_by_professional ON registrations(professional_sub, person_id);

CREATE TABLE coordination_cases (
  id TEXT PRIMARY KEY,
  household_id TEXT NOT NULL UNIQUE REFERENCES households(id),
  coordinator_sub TEXT NOT NULL REFERENCES professionals(sub),
  status TEXT NOT NULL CHECK (status IN ('AANGEMELD', 'ACTIEF', 'AFGESLOTEN')),
  opened_at TEXT NOT NULL,
  goals TEXT NOT NULL -- JSON array of strings
);
CREATE INDEX coordination_by_coordinator ON coordination_cases(coordinator_sub);
