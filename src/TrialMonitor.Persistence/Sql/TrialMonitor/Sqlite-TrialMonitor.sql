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
    received_at    TEXT    NOT NULL
);
