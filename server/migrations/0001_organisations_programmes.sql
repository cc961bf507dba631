-- Organisations (a centre or a partner NPO) and the programmes a partner runs for a centre.
-- Nothing here is personal data: these are public bodies and their services.

CREATE TABLE meta (
    key   TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
) STRICT;

CREATE TABLE organisations (
    id          TEXT PRIMARY KEY NOT NULL,           -- UUID
    kind        TEXT NOT NULL CHECK (kind IN ('centre', 'partner')),
    name        TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    created_at  INTEGER NOT NULL                     -- unix ms
) STRICT;

CREATE TABLE programmes (
    id                         TEXT PRIMARY KEY NOT NULL,   -- UUID
    partner_id                 TEXT NOT NULL REFERENCES organisations (id),
    centre_id                  TEXT NOT NULL REFERENCES organisations (id),
    name                       TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    -- What the volunteer does: meal support, childcare/housework, lunch-box welfare check.
    support_kind               TEXT NOT NULL CHECK (support_kind IN ('meal', 'childcare', 'lunchbox')),
    coordinator_reads_reports  INTEGER NOT NULL DEFAULT 0 CHECK (coordinator_reads_reports IN (0, 1)),
    emergency_phone            TEXT NOT NULL,
    retention_days             INTEGER NOT NULL DEFAULT 90 CHECK (retention_days BETWEEN 1 AND 3650),
    idle_lock_secs             INTEGER NOT NULL DEFAULT 300 CHECK (idle_lock_secs BETWEEN 60 AND 1800),
    -- 0 = the phone must reach the relay to unlock; otherwise hours a PIN-only offline unlock lasts.
    offline_window_secs        INTEGER NOT NULL DEFAULT 0 CHECK (offline_window_secs BETWEEN 0 AND 43200),
    created_at                 INTEGER NOT NULL
) STRICT;

CREATE INDEX programmes_partner ON programmes (partner_id);
CREATE INDEX programmes_centre ON programmes (centre_id);
