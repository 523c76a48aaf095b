-- The audit log: append-only, one row per record, chained by hash (see server/audit).
CREATE TABLE IF NOT EXISTS audit_log (
    seq INTEGER PRIMARY KEY NOT NULL,
    at TEXT NOT NULL,
    phase TEXT NOT NULL,
    intent_seq INTEGER,
    action TEXT NOT NULL,
    actor_subject TEXT NOT NULL,
    actor_name TEXT NOT NULL,
    actor_email TEXT,
    role TEXT NOT NULL,
    sign_in_mode TEXT NOT NULL,
    client_ip TEXT,
    service TEXT,
    location TEXT NOT NULL,
    target TEXT,
    changes TEXT NOT NULL,
    outcome TEXT NOT NULL,
    outcome_code TEXT,
    aws_request_ids TEXT NOT NULL,
    request_id TEXT NOT NULL,
    duration_ms INTEGER,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS audit_log_at ON audit_log (at);
CREATE INDEX IF NOT EXISTS audit_log_actor ON audit_log (actor_subject, seq);
CREATE INDEX IF NOT EXISTS audit_log_intent ON audit_log (intent_seq);
