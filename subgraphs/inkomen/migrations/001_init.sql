CREATE TABLE benefits (
  id INTEGER PRIMARY KEY,
  person_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  monthly_amount_cents INTEGER NOT NULL,
  since TEXT NOT NULL
);
CREATE INDEX benefits_by_person ON benefits(person_id);

CREATE TABLE payment_arrears (
  id INTEGER PRIMARY KEY,
  person_id TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('HUUR', 'ENERGIE', 'WATER', 'ZORGVERZEKERING')),
  creditor TEXT NOT NULL,
  amount_cents INTEGER NOT NULL,
  months INTEGER NOT NULL,
  signaled_at TEXT NOT NULL
);
CREATE INDEX arrears_by_person ON payment_arrears(person_id);
