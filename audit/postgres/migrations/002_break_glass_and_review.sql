-- Record format 3 (audit/README.md), the twin of ../../migrations/003_break_glass_and_review.sql:
-- a break-glass access (outcome BREAK_GLASS) keeps the professional's justification, and a
-- privacy officer's review verdict on such an access is itself a record (JSON
-- {recordSeq, verdict, note}). Both are hashed with the record.

ALTER TABLE audit_records ADD COLUMN break_glass_justification TEXT;
ALTER TABLE audit_records ADD COLUMN review TEXT;

CREATE INDEX audit_records_reviews ON audit_records (((review::json) ->> 'recordSeq')) WHERE review IS NOT NULL;
