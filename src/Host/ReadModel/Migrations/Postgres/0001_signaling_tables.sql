-- Read model of the signaling daemon (seed chapter 3). Written asynchronously by ReadModelWriter
-- from facts the actors record; the event-sourced journal stays the source of truth.
--
-- user_id, host_user_id and licenses.user_id would reference a users table in the wider product.
-- This daemon has no users table, so they are plain nullable uuids without a foreign key.

CREATE TABLE device_fingerprints (
    id                uuid         NOT NULL PRIMARY KEY,
    user_id           uuid         NULL,
    fingerprint       varchar(64)  NOT NULL,
    public_key        text         NOT NULL,
    device_name       varchar(100) NULL,
    platform          varchar(20)  NULL,
    device_type       varchar(20)  NULL,
    last_capabilities jsonb        NULL,
    last_seen         timestamptz  NULL,
    is_blocked        boolean      NOT NULL DEFAULT false,
    created_at        timestamptz  NOT NULL DEFAULT now()
);

-- The writer upserts by fingerprint (ON CONFLICT (fingerprint)), which needs this unique index.
CREATE UNIQUE INDEX ux_device_fingerprints_fingerprint ON device_fingerprints (fingerprint);
CREATE INDEX ix_device_fingerprints_user_id ON device_fingerprints (user_id);
CREATE INDEX ix_device_fingerprints_platform ON device_fingerprints (platform);

CREATE TABLE device_pairings (
    id            uuid        NOT NULL PRIMARY KEY,
    device_a_id   uuid        NOT NULL
        CONSTRAINT fk_device_pairings_device_a REFERENCES device_fingerprints (id) ON DELETE CASCADE,
    device_b_id   uuid        NOT NULL
        CONSTRAINT fk_device_pairings_device_b REFERENCES device_fingerprints (id) ON DELETE CASCADE,
    shared_secret varchar(64) NOT NULL,
    status        varchar(20) NOT NULL DEFAULT 'active'
        CONSTRAINT ck_device_pairings_status CHECK (status IN ('active', 'revoked')),
    initiated_by  uuid        NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT ux_device_pairings_devices UNIQUE (device_a_id, device_b_id)
);

-- The unique constraint's index leads with device_a_id, lookups by the other side need their own.
CREATE INDEX ix_device_pairings_device_b_id ON device_pairings (device_b_id);

CREATE TABLE session_history (
    id                  uuid        NOT NULL PRIMARY KEY,
    session_type        varchar(20) NOT NULL,
    host_device_id      uuid        NOT NULL
        CONSTRAINT fk_session_history_host_device REFERENCES device_fingerprints (id),
    host_user_id        uuid        NULL,
    license_tier        varchar(20) NOT NULL,
    end_reason          varchar(20) NULL,
    participant_count   integer     NOT NULL DEFAULT 0,
    hub_migration_count integer     NOT NULL DEFAULT 0,
    total_bytes_relayed bigint      NOT NULL DEFAULT 0,
    avg_latency_ms      double precision NULL,
    started_at          timestamptz NOT NULL,
    ended_at            timestamptz NULL,
    duration_seconds    integer     NULL
);

CREATE INDEX ix_session_history_host_user_id ON session_history (host_user_id);
CREATE INDEX ix_session_history_started_at ON session_history (started_at);
CREATE INDEX ix_session_history_host_device_id ON session_history (host_device_id);

-- joined_at is part of the key: a device that leaves and joins again gets a second row.
CREATE TABLE session_participants (
    session_id       uuid        NOT NULL
        CONSTRAINT fk_session_participants_session REFERENCES session_history (id) ON DELETE CASCADE,
    device_id        uuid        NOT NULL
        CONSTRAINT fk_session_participants_device REFERENCES device_fingerprints (id),
    role             varchar(20) NOT NULL,
    is_licensed      boolean     NOT NULL DEFAULT false,
    capability_score integer     NOT NULL DEFAULT 0,
    joined_at        timestamptz NOT NULL,
    left_at          timestamptz NULL,
    CONSTRAINT pk_session_participants PRIMARY KEY (session_id, device_id, joined_at)
);

-- The key leads with session_id, a device's history needs its own index (and the FK on delete).
CREATE INDEX ix_session_participants_device_id ON session_participants (device_id);

CREATE TABLE licenses (
    token      varchar(512) NOT NULL PRIMARY KEY,
    tier       varchar(20)  NOT NULL
        CONSTRAINT ck_licenses_tier CHECK (tier IN ('TRIAL', 'STANDARD', 'PROFESSIONAL', 'CUSTOM', 'ENTERPRISE')),
    user_id    uuid         NULL,
    expires_at timestamptz  NULL,
    revoked_at timestamptz  NULL,
    created_at timestamptz  NOT NULL DEFAULT now()
);

CREATE INDEX ix_licenses_user_id ON licenses (user_id);
