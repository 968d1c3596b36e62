-- Read model of the signaling daemon (seed chapter 3), SQLite flavour of
-- Migrations/Postgres/0001_signaling_tables.sql: same tables, columns, keys, checks and indexes.
-- SQLite has no uuid, timestamptz, boolean or jsonb, so:
--   uuid        -> TEXT, canonical lower-case 8-4-4-4-12 form
--   timestamptz -> TEXT, ISO-8601 UTC (yyyy-MM-ddTHH:mm:ss.fffffffZ), which sorts as time does
--   boolean     -> INTEGER 0/1
--   jsonb       -> TEXT holding JSON
-- The mapping schema in ReadModelDatabase writes and reads exactly these forms.
-- Foreign keys are enforced only on connections that enable them (PRAGMA foreign_keys=ON):
-- ReadModelDatabase opens every connection with "Foreign Keys=True".
--
-- user_id, host_user_id and licenses.user_id would reference a users table in the wider product.
-- This daemon has no users table, so they are plain nullable ids without a foreign key.

CREATE TABLE device_fingerprints (
    id                TEXT    NOT NULL PRIMARY KEY,
    user_id           TEXT    NULL,
    fingerprint       TEXT    NOT NULL CHECK (length(fingerprint) <= 64),
    public_key        TEXT    NOT NULL,
    device_name       TEXT    NULL CHECK (length(device_name) <= 100),
    platform          TEXT    NULL CHECK (length(platform) <= 20),
    device_type       TEXT    NULL CHECK (length(device_type) <= 20),
    last_capabilities TEXT    NULL,
    last_seen         TEXT    NULL,
    is_blocked        INTEGER NOT NULL DEFAULT 0,
    created_at        TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

-- The writer upserts by fingerprint (ON CONFLICT (fingerprint)), which needs this unique index.
CREATE UNIQUE INDEX ux_device_fingerprints_fingerprint ON device_fingerprints (fingerprint);
CREATE INDEX ix_device_fingerprints_user_id ON device_fingerprints (user_id);
CREATE INDEX ix_device_fingerprints_platform ON device_fingerprints (platform);

CREATE TABLE device_pairings (
    id            TEXT NOT NULL PRIMARY KEY,
    device_a_id   TEXT NOT NULL
        CONSTRAINT fk_device_pairings_device_a REFERENCES device_fingerprints (id) ON DELETE CASCADE,
    device_b_id   TEXT NOT NULL
        CONSTRAINT fk_device_pairings_device_b REFERENCES device_fingerprints (id) ON DELETE CASCADE,
    shared_secret TEXT NOT NULL CHECK (length(shared_secret) <= 64),
    status        TEXT NOT NULL DEFAULT 'active'
        CONSTRAINT ck_device_pairings_status CHECK (status IN ('active', 'revoked')),
    initiated_by  TEXT NULL,
    created_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    CONSTRAINT ux_device_pairings_devices UNIQUE (device_a_id, device_b_id)
);

-- The unique constraint's index leads with device_a_id, lookups by the other side need their own.
CREATE INDEX ix_device_pairings_device_b_id ON device_pairings (device_b_id);

CREATE TABLE session_history (
    id                  TEXT    NOT NULL PRIMARY KEY,
    session_type        TEXT    NOT NULL CHECK (length(session_type) <= 20),
    host_device_id      TEXT    NOT NULL
        CONSTRAINT fk_session_history_host_device REFERENCES device_fingerprints (id),
    host_user_id        TEXT    NULL,
    license_tier        TEXT    NOT NULL CHECK (length(license_tier) <= 20),
    end_reason          TEXT    NULL CHECK (length(end_reason) <= 20),
    participant_count   INTEGER NOT NULL DEFAULT 0,
    hub_migration_count INTEGER NOT NULL DEFAULT 0,
    total_bytes_relayed INTEGER NOT NULL DEFAULT 0,
    avg_latency_ms      REAL    NULL,
    started_at          TEXT    NOT NULL,
    ended_at            TEXT    NULL,
    duration_seconds    INTEGER NULL
);

CREATE INDEX ix_session_history_host_user_id ON session_history (host_user_id);
CREATE INDEX ix_session_history_started_at ON session_history (started_at);
CREATE INDEX ix_session_history_host_device_id ON session_history (host_device_id);

-- joined_at is part of the key: a device that leaves and joins again gets a second row.
CREATE TABLE session_participants (
    session_id       TEXT    NOT NULL
        CONSTRAINT fk_session_participants_session REFERENCES session_history (id) ON DELETE CASCADE,
    device_id        TEXT    NOT NULL
        CONSTRAINT fk_session_participants_device REFERENCES device_fingerprints (id),
    role             TEXT    NOT NULL CHECK (length(role) <= 20),
    is_licensed      INTEGER NOT NULL DEFAULT 0,
    capability_score INTEGER NOT NULL DEFAULT 0,
    joined_at        TEXT    NOT NULL,
    left_at          TEXT    NULL,
    CONSTRAINT pk_session_participants PRIMARY KEY (session_id, device_id, joined_at)
);

-- The key leads with session_id, a device's history needs its own index (and the FK on delete).
CREATE INDEX ix_session_participants_device_id ON session_participants (device_id);

CREATE TABLE licenses (
    token      TEXT NOT NULL PRIMARY KEY CHECK (length(token) <= 512),
    tier       TEXT NOT NULL
        CONSTRAINT ck_licenses_tier CHECK (tier IN ('TRIAL', 'STANDARD', 'PROFESSIONAL', 'CUSTOM', 'ENTERPRISE')),
    user_id    TEXT NULL,
    expires_at TEXT NULL,
    revoked_at TEXT NULL,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

CREATE INDEX ix_licenses_user_id ON licenses (user_id);
