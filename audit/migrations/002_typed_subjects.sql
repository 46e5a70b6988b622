-- Record format 2 (audit/README.md): data subjects are typed (policy.yaml `dataSubjects`)
-- and carry the labels returned about each; the record also counts malformed ids it did
-- not keep and names the supergraph version. Format 1 rows keep their two id lists.

ALTER TABLE audit_records ADD COLUMN subjects TEXT;             -- JSON [{type, id, labels}] (format 2)
ALTER TABLE audit_records ADD COLUMN malformed_ids INTEGER;     -- format 2
ALTER TABLE audit_records ADD COLUMN supergraph_version TEXT;   -- format 2

-- The subject index gains the type and the labels per subject (the citizen's view reads
-- them). SQLite cannot change a CHECK constraint in place, so the table is rebuilt; DROP
-- TABLE removes its triggers before its implicit delete, so none fires.
CREATE TABLE audit_subjects_v2 (
  subject_id   TEXT    NOT NULL,
  record_seq   INTEGER NOT NULL,
  subject_type TEXT    NOT NULL,
  labels       TEXT    NOT NULL,                  -- JSON [label], sorted
  PRIMARY KEY (subject_id, record_seq, subject_type)
) WITHOUT ROWID;

INSERT INTO audit_subjects_v2 (subject_id, record_seq, subject_type, labels)
  SELECT subject_id, record_seq, CASE subject_kind WHEN 'household' THEN 'Household' ELSE 'Person' END, '[]'
  FROM audit_subjects;

DROP TABLE audit_subjects;
ALTER TABLE audit_subjects_v2 RENAME TO audit_subjects;

CREATE INDEX audit_subjects_record ON audit_subjects (record_seq);

CREATE TRIGGER audit_subjects_no_update BEFORE UPDATE ON audit_subjects
BEGIN
  SELECT RAISE(ABORT, 'audit_subjects is append-only: rows are never updated');
END;

CREATE TRIGGER audit_subjects_no_delete BEFORE DELETE ON audit_subjects
WHEN (SELECT pruning FROM audit_control WHERE id = 1) IS NOT 1
BEGIN
  SELECT RAISE(ABORT, 'audit_subjects is append-only: only the retention prune deletes');
END;

CREATE TRIGGER audit_subjects_latest_only BEFORE INSERT ON audit_subjects
WHEN NEW.record_seq IS NOT (SELECT MAX(seq) FROM audit_records)
BEGIN
  SELECT RAISE(ABORT, 'audit_subjects rows are only added for the newest record');
END;
