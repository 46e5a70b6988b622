-- Early signals (Wgs art. 3 and 5): the contact details a creditor sends with a report of
-- arrears (Besluit gemeentelijke schuldhulpverlening art. 2), and the outcome of the
-- municipality's outreach. Signals not acted on are removed after the term in
-- policies/policy.yaml (`npm run signals:prune`).
CREATE TABLE signal_contacts (
  person_id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  street TEXT NOT NULL,
  house_number TEXT NOT NULL,
  postal_code TEXT NOT NULL,
  city TEXT NOT NULL
);

CREATE TABLE outreach_outcomes (
  id INTEGER PRIMARY KEY,
  person_id TEXT NOT NULL,
  outcome TEXT NOT NULL CHECK (outcome IN ('CONTACT_GEMAAKT', 'HULP_AFGEWEZEN', 'GEEN_CONTACT')),
  recorded_at TEXT NOT NULL,
  recorded_by TEXT NOT NULL
);
CREATE INDEX outreach_by_person ON outreach_outcomes(person_id, recorded_at);
CREATE INDEX arrears_by_signal ON payment_arrears(signaled_at);
