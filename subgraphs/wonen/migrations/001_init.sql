CREATE TABLE tenancies (
  id TEXT PRIMARY KEY,
  household_id TEXT NOT NULL UNIQUE,
  landlord TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('LOPEND', 'OPGEZEGD', 'BEEINDIGD')),
  monthly_rent_cents INTEGER NOT NULL,
  rent_arrears_cents INTEGER NOT NULL,
  arrears_months INTEGER NOT NULL,
  eviction TEXT NOT NULL CHECK (eviction IN ('GEEN', 'AANGEZEGD', 'VONNIS', 'UITGEVOERD')),
  start_date TEXT NOT NULL,
  end_date TEXT
);

CREATE TABLE urgency_applications (
  id TEXT PRIMARY KEY,
  household_id TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('INGEDIEND', 'IN_BEHANDELING', 'TOEGEKEND', 'AFGEWEZEN')),
  submitted_at TEXT NOT NULL,
  decided_at TEXT,
  decision_reason TEXT
);
CREATE INDEX urgency_by_household ON urgency_applications(household_id, submitted_at);
