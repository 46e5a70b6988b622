-- A refusal's ground as a code other agencies' rules can read (policies/blockages.yaml), and the decision date.
ALTER TABLE debt_cases ADD COLUMN refusal_reason_code TEXT CHECK (refusal_reason_code IN ('GEEN_VAST_WOONADRES', 'FRAUDESCHULD', 'GEEN_MEDEWERKING'));
ALTER TABLE debt_cases ADD COLUMN decided_at TEXT;
