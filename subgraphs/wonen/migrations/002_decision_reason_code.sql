-- A refusal's ground as a code other agencies' rules can read (policies/blockages.yaml).
ALTER TABLE urgency_applications ADD COLUMN decision_reason_code TEXT CHECK (decision_reason_code IN ('SCHULDEN', 'VOORZIENBAAR'));
