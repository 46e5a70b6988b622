-- The audit log (audit/README.md). Append-only: the triggers below refuse UPDATE and
-- DELETE through any ordinary connection; only the retention prune may delete, by raising
-- the flag in audit_control inside its own transaction. Someone with the file and the
-- sqlite3 CLI can still drop the triggers: the hash chain makes that detectable.

CREATE TABLE audit_records (
  seq                 INTEGER PRIMARY KEY CHECK (seq >= 1),
  format              INTEGER NOT NULL,
  kind                TEXT    NOT NULL CHECK (kind IN ('access', 'checkpoint')),
  at                  TEXT    NOT NULL,            -- ISO 8601 UTC with milliseconds: sorts as text
  trace_id            TEXT,
  span_id             TEXT,
  actor_sub           TEXT,
  actor_org           TEXT,
  actor_role          TEXT,
  purpose_id          TEXT,
  purpose_activity    TEXT,
  purpose_legal_basis TEXT,
  policy_version      TEXT,
  operation_name      TEXT,
  document_hash       TEXT,
  fields_returned     TEXT,                        -- JSON [{field, label}]
  fields_redacted     TEXT,                        -- JSON [{field, label}]
  subject_households  TEXT,                        -- JSON [id]
  subject_persons     TEXT,                        -- JSON [id]
  outcome             TEXT,
  error_codes         TEXT,                        -- JSON [code]
  duration_ms         REAL,
  gateway_instance    TEXT,
  pruned_count        INTEGER,                     -- checkpoints only
  pruned_through_seq  INTEGER,
  pruned_last_hash    TEXT,
  prev_hash           TEXT    NOT NULL,
  hash                TEXT    NOT NULL
);

CREATE INDEX audit_records_actor   ON audit_records (actor_sub, seq);
CREATE INDEX audit_records_org     ON audit_records (actor_org, seq);
CREATE INDEX audit_records_purpose ON audit_records (purpose_id, seq);
CREATE INDEX audit_records_outcome ON audit_records (outcome, seq);
CREATE INDEX audit_records_at      ON audit_records (at);
CREATE INDEX audit_records_kind    ON audit_records (kind, seq);

-- The data subjects of each access record, for the subject filter and the citizen's view.
-- Derived from the record; verifyChain checks the two agree.
CREATE TABLE audit_subjects (
  subject_id   TEXT    NOT NULL,
  record_seq   INTEGER NOT NULL,
  subject_kind TEXT    NOT NULL CHECK (subject_kind IN ('household', 'person')),
  PRIMARY KEY (subject_id, record_seq)
) WITHOUT ROWID;

CREATE INDEX audit_subjects_record ON audit_subjects (record_seq);

CREATE TABLE audit_control (
  id        INTEGER PRIMARY KEY CHECK (id = 1),
  pruning   INTEGER NOT NULL DEFAULT 0 CHECK (pruning IN (0, 1)),
  -- The readiness probe's last write: proves the file takes a commit.
  probed_at TEXT
);
INSERT INTO audit_control (id, pruning) VALUES (1, 0);

CREATE TRIGGER audit_records_no_update BEFORE UPDATE ON audit_records
BEGIN
  SELECT RAISE(ABORT, 'audit_records is append-only: records are never updated');
END;

CREATE TRIGGER audit_records_no_delete BEFORE DELETE ON audit_records
WHEN (SELECT pruning FROM audit_control WHERE id = 1) IS NOT 1
BEGIN
  SELECT RAISE(ABORT, 'audit_records is append-only: only the retention prune deletes');
END;

-- Appends continue the chain: seq is always the next one, so nothing is slipped in between.
CREATE TRIGGER audit_records_in_order BEFORE INSERT ON audit_records
WHEN NEW.seq IS NOT (SELECT COALESCE(MAX(seq), 0) + 1 FROM audit_records)
BEGIN
  SELECT RAISE(ABORT, 'audit_records is append-only: seq must be the next one');
END;

CREATE TRIGGER audit_subjects_no_update BEFORE UPDATE ON audit_subjects
BEGIN
  SELECT RAISE(ABORT, 'audit_subjects is append-only: rows are never updated');
END;

CREATE TRIGGER audit_subjects_no_delete BEFORE DELETE ON audit_subjects
WHEN (SELECT pruning FROM audit_control WHERE id = 1) IS NOT 1
BEGIN
  SELECT RAISE(ABORT, 'audit_subjects is append-only: only the retention prune deletes');
END;

-- Subject rows belong to the newest record only: the index of an older record is never extended.
CREATE TRIGGER audit_subjects_latest_only BEFORE INSERT ON audit_subjects
WHEN NEW.record_seq IS NOT (SELECT MAX(seq) FROM audit_records)
BEGIN
  SELECT RAISE(ABORT, 'audit_subjects rows are only added for the newest record');
END;

CREATE TRIGGER audit_control_no_delete BEFORE DELETE ON audit_control
BEGIN
  SELECT RAISE(ABORT, 'audit_control holds exactly one row');
END;
