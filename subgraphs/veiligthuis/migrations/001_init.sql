CREATE TABLE safety_flags (
  person_id TEXT PRIMARY KEY,
  set_at TEXT NOT NULL
);

CREATE TABLE safety_reports (
  id TEXT PRIMARY KEY,
  person_id TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('HUISELIJK_GEWELD', 'KINDERMISHANDELING', 'OUDERENMISHANDELING')),
  status TEXT NOT NULL CHECK (status IN ('ONTVANGEN', 'ONDERZOEK', 'VERVOLG', 'AFGESLOTEN')),
  received_at TEXT NOT NULL,
  summary TEXT NOT NULL
);
CREATE INDEX reports_by_person ON safety_reports(person_id);

CREATE TABLE shelter_stays (
  id TEXT PRIMARY KEY,
  person_id TEXT NOT NULL,
  shelter TEXT NOT NULL,
  since TEXT NOT NULL,
  until TEXT,
  with_children INTEGER NOT NULL CHECK (with_children IN (0, 1)),
  note TEXT
);
CREATE INDEX stays_by_person ON shelter_stays(person_id, since);
