-- TrialMonitor's own tables for the embedded SQLite store. Idempotent.
CREATE TABLE IF NOT EXISTS observation_log
(
    seq            INTEGER PRIMARY KEY AUTOINCREMENT,
    observation_id TEXT    NOT NULL UNIQUE,
    patient_id     TEXT    NOT NULL,
    code           TEXT    NOT NULL,
    value_json     TEXT    NOT NULL,
    unit           TEXT    NULL,
    effective_at   TEXT    NOT NULL,
    received_at    TEXT    NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_observation_log_patient ON observation_log (patient_id, seq);

CREATE TABLE IF NOT EXISTS observation_quarantine
(
    seq            INTEGER PRIMARY KEY AUTOINCREMENT,
    observation_id TEXT    NULL,
    patient_id     TEXT    NULL,
    center_id      TEXT    NULL,
    body_json      TEXT    NOT NULL,
    field          TEXT    NOT NULL,
    reason         TEXT    NOT NULL,
    received_at    TEXT    NOT NULL,
    -- Review (data manager): 'pending', 'released' or 'discarded'. A database from before these columns gets them
    -- from SchemaInstaller (SQLite has no ADD COLUMN IF NOT EXISTS).
    status         TEXT    NULL DEFAULT 'pending',
    reviewed_by    TEXT    NULL,
    reviewed_at    TEXT    NULL,
    review_note    TEXT    NULL
);
CREATE INDEX IF NOT EXISTS ix_observation_quarantine_center ON observation_quarantine (center_id, seq);

-- Each center's alert events, numbered from 1 without gaps (api.md "Alerts"); the center grain appends, the key keeps
-- a second activation of one center from writing a sequence twice. change_key: the alert change that recorded the
-- event (a resend is recorded once), null for events a person or a timer caused.
CREATE TABLE IF NOT EXISTS alert_event_log
(
    center_id      TEXT    NOT NULL,
    seq            INTEGER NOT NULL,
    change_key     TEXT    NULL,
    event_json     TEXT    NOT NULL,
    recorded_at    TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    PRIMARY KEY (center_id, seq)
) WITHOUT ROWID;

-- The tamper-evident audit log: each row carries the hash of the previous one (AuditChain). Append-only: the
-- triggers refuse UPDATE and DELETE, so rewriting history needs them dropped first, and verification still finds
-- the broken link.
CREATE TABLE IF NOT EXISTS audit_log
(
    seq            INTEGER PRIMARY KEY AUTOINCREMENT,
    at             TEXT    NOT NULL,
    actor          TEXT    NOT NULL,
    roles          TEXT    NOT NULL,
    action         TEXT    NOT NULL,
    target         TEXT    NOT NULL,
    before_json    TEXT    NULL,
    after_json     TEXT    NULL,
    prev_hash      TEXT    NOT NULL,
    hash           TEXT    NOT NULL
);

CREATE TRIGGER IF NOT EXISTS audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only: UPDATE refused');
END;

CREATE TRIGGER IF NOT EXISTS audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only: DELETE refused');
END;
