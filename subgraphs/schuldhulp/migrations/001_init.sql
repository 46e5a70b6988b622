CREATE TABLE debt_cases (
  id TEXT PRIMARY KEY,
  person_id TEXT NOT NULL UNIQUE,
  status TEXT NOT NULL CHECK (status IN ('AANMELDING', 'INTAKE', 'STABILISATIE', 'SCHULDREGELING', 'AFGEWEZEN')),
  refusal_reason TEXT,
  total_debt_cents INTEGER NOT NULL,
  registered_at TEXT NOT NULL
);

CREATE TABLE creditors (
  id INTEGER PRIMARY KEY,
  debt_case_id TEXT NOT NULL REFERENCES debt_cases(id),
  name TEXT NOT NULL,
  kind TEXT NOT NULL,
  amount_cents INTEGER NOT NULL
);
CREATE INDEX creditors_by_case ON creditors(debt_case_id);
