-- The audit log on PostgreSQL (audit/postgres/README.md): the SQLite schema as it stands
-- after audit/migrations/002_typed_subjects.sql, column for column, so a record is rebuilt
-- and hashed from its row exactly as on SQLite. Texts stay text (JSON included, never
-- jsonb: the stored text is what a reviewer sees). Append-only: triggers refuse UPDATE and
-- DELETE through any connection; only the retention prune deletes, inside its own
-- transaction with `SET LOCAL audit.pruning = 'on'`, and only as a role that holds DELETE
-- (the gateway's role holds INSERT and SELECT only).

CREATE TABLE audit_records (
  seq                 BIGINT  PRIMARY KEY CHECK (seq >= 1),
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
  subject_households  TEXT,                        -- JSON [id] (format 1)
  subject_persons     TEXT,                        -- JSON [id] (format 1)
  subjects            TEXT,                        -- JSON [{type, id, labels}] (format 2)
  malformed_ids       INTEGER,                     -- format 2
  supergraph_version  TEXT,                        -- format 2
  outcome             TEXT,
  error_codes         TEXT,                        -- JSON [code]
  duration_ms         DOUBLE PRECISION,
  gateway_instance    TEXT,
  pruned_count        BIGINT,                      -- checkpoints only
  pruned_through_seq  BIGINT,
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
  subject_id   TEXT   NOT NULL,
  record_seq   BIGINT NOT NULL,
  subject_type TEXT   NOT NULL,
  labels       TEXT   NOT NULL,                    -- JSON [label], sorted
  PRIMARY KEY (subject_id, record_seq, subject_type)
);

CREATE INDEX audit_subjects_record ON audit_subjects (record_seq);

CREATE FUNCTION audit_refuse_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: rows are never updated', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
END;
$$;

-- Only the retention prune deletes: it raises audit.pruning for its own transaction (and
-- runs as a role that holds DELETE; the gateway's role does not).
CREATE FUNCTION audit_refuse_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('audit.pruning', true) IS DISTINCT FROM 'on' THEN
    RAISE EXCEPTION '% is append-only: only the retention prune deletes', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NULL;
END;
$$;

-- Appends continue the chain: the rows one INSERT adds have consecutive seqs that follow
-- the newest record before them and end the log, so nothing is slipped in between. Checked
-- once per statement over its transition table (a group commit inserts a batch in one
-- statement; a per-row check would cost a query per record). The functions that read a
-- table keep the migration's search_path, so they find the audit tables whatever the
-- caller's search_path is.
CREATE FUNCTION audit_records_in_order() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
DECLARE
  first_new BIGINT;
  last_new  BIGINT;
  added     BIGINT;
BEGIN
  SELECT MIN(seq), MAX(seq), COUNT(*) INTO first_new, last_new, added FROM new_rows;
  IF added = 0 THEN
    RETURN NULL;
  END IF;
  IF last_new - first_new + 1 <> added
     OR first_new <> (SELECT COALESCE(MAX(seq), 0) + 1 FROM audit_records WHERE seq < first_new)
     OR last_new <> (SELECT MAX(seq) FROM audit_records) THEN
    RAISE EXCEPTION 'audit_records is append-only: seq must be the next one' USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  RETURN NULL;
END;
$$;

-- Subject rows belong to records written in the same transaction: the index of an older
-- record is never extended. (A record's xmin is the id of the transaction that wrote it.)
CREATE FUNCTION audit_subjects_same_transaction() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
  IF EXISTS (
    SELECT 1 FROM new_rows s
    WHERE NOT EXISTS (
      SELECT 1 FROM audit_records r
      WHERE r.seq = s.record_seq AND r.xmin::text = (txid_current() % 4294967296)::text
    )
  ) THEN
    RAISE EXCEPTION 'audit_subjects rows are only added with their record' USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  RETURN NULL;
END;
$$;

-- Refusals are per statement: an UPDATE or DELETE is refused as a whole, before it touches a row.
CREATE TRIGGER audit_records_no_update BEFORE UPDATE ON audit_records FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_update();
CREATE TRIGGER audit_records_no_delete BEFORE DELETE ON audit_records FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_delete();
CREATE TRIGGER audit_records_no_truncate BEFORE TRUNCATE ON audit_records FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_update();
CREATE TRIGGER audit_records_in_order AFTER INSERT ON audit_records REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION audit_records_in_order();
CREATE TRIGGER audit_subjects_no_update BEFORE UPDATE ON audit_subjects FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_update();
CREATE TRIGGER audit_subjects_no_delete BEFORE DELETE ON audit_subjects FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_delete();
CREATE TRIGGER audit_subjects_no_truncate BEFORE TRUNCATE ON audit_subjects FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_update();
CREATE TRIGGER audit_subjects_same_transaction AFTER INSERT ON audit_subjects REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION audit_subjects_same_transaction();
