-- Accounts and trust: staff, organisation keys, pledges, volunteers and their devices, sessions,
-- incidents and the audit chain.
--
-- Nothing stored here is a password, a PIN, a private key in the clear or a data key: only
-- verifiers of browser-derived secrets, blobs sealed or wrapped in the browser, public keys, and
-- hashes of bearer tokens. The one exception by necessity is a staff member's TOTP secret, which
-- the relay must hold to check codes (RFC 6238 has no verifier form); it is a second factor, not a
-- key to any data.

-- The org key pair is made in the admin's browser; only its public half is stored in the clear.
-- NULL only for organisations created before this migration (old demo databases).
ALTER TABLE organisations ADD COLUMN public_key BLOB CHECK (public_key IS NULL OR length(public_key) = 32);

CREATE TABLE users (
    id               TEXT PRIMARY KEY NOT NULL,                  -- UUID
    -- Admins belong to no organisation; everyone else to exactly one.
    organisation_id  TEXT REFERENCES organisations (id),
    role             TEXT NOT NULL CHECK (role IN ('admin', 'caseworker', 'coordinator')),
    login_name       TEXT NOT NULL UNIQUE CHECK (length(login_name) BETWEEN 3 AND 64),
    display_name     TEXT NOT NULL CHECK (length(display_name) BETWEEN 1 AND 100),
    -- domain::wrap::verifier of the Argon2id-derived login secret (0x01 ‖ salt ‖ SHA-256).
    login_verifier   BLOB NOT NULL CHECK (length(login_verifier) = 49),
    public_key       BLOB NOT NULL CHECK (length(public_key) = 32),
    -- The private key wrapped under the password in the browser (domain::wrap::staff).
    wrapped_key      BLOB NOT NULL CHECK (length(wrapped_key) BETWEEN 1 AND 1024),
    totp_secret      BLOB NOT NULL CHECK (length(totp_secret) = 20),
    -- Highest RFC 6238 time step accepted so far: a code is accepted at most once.
    totp_last_step   INTEGER,
    totp_confirmed   INTEGER NOT NULL DEFAULT 0 CHECK (totp_confirmed IN (0, 1)),
    created_at       INTEGER NOT NULL,
    disabled_at      INTEGER,
    CHECK ((role = 'admin') = (organisation_id IS NULL))
) STRICT;

CREATE INDEX users_organisation ON users (organisation_id);

CREATE TABLE staff_invites (
    token_hash       BLOB PRIMARY KEY NOT NULL CHECK (length(token_hash) = 32),  -- SHA-256 of the token
    role             TEXT NOT NULL CHECK (role IN ('admin', 'caseworker', 'coordinator')),
    organisation_id  TEXT REFERENCES organisations (id),
    display_name     TEXT NOT NULL CHECK (length(display_name) BETWEEN 1 AND 100),
    -- NULL only for the bootstrap admin invite made by `server admin init`.
    created_by       TEXT REFERENCES users (id),
    created_at       INTEGER NOT NULL,
    expires_at       INTEGER NOT NULL,
    used_at          INTEGER,
    used_by          TEXT REFERENCES users (id),
    CHECK ((role = 'admin') = (organisation_id IS NULL))
) STRICT;

-- An organisation's private key sealed (envelope, kind org key) to one holder. A member of the
-- organisation without a row is a pending grant that a holder's browser completes.
CREATE TABLE org_keys (
    organisation_id     TEXT NOT NULL REFERENCES organisations (id),
    user_id             TEXT NOT NULL REFERENCES users (id),
    sealed_private_key  BLOB NOT NULL CHECK (length(sealed_private_key) BETWEEN 1 AND 4096),
    granted_by          TEXT NOT NULL REFERENCES users (id),
    granted_at          INTEGER NOT NULL,
    PRIMARY KEY (organisation_id, user_id)
) STRICT;

CREATE INDEX org_keys_user ON org_keys (user_id);

CREATE TABLE pledges (
    organisation_id  TEXT NOT NULL REFERENCES organisations (id),
    version          INTEGER NOT NULL CHECK (version >= 1),
    text             TEXT NOT NULL CHECK (length(text) BETWEEN 1 AND 20000),
    hash             TEXT NOT NULL CHECK (length(hash) = 64),  -- hex SHA-256 of the UTF-8 text
    created_by       TEXT REFERENCES users (id),
    created_at       INTEGER NOT NULL,
    PRIMARY KEY (organisation_id, version)
) STRICT;

CREATE TABLE volunteers (
    id            TEXT PRIMARY KEY NOT NULL,                     -- UUID
    partner_id    TEXT NOT NULL REFERENCES organisations (id),
    programme_id  TEXT NOT NULL REFERENCES programmes (id),
    display_name  TEXT NOT NULL CHECK (length(display_name) BETWEEN 1 AND 100),
    created_by    TEXT NOT NULL REFERENCES users (id),
    created_at    INTEGER NOT NULL,
    revoked_at    INTEGER
) STRICT;

CREATE INDEX volunteers_partner ON volunteers (partner_id);

CREATE TABLE devices (
    id            TEXT PRIMARY KEY NOT NULL,                     -- UUID
    volunteer_id  TEXT NOT NULL REFERENCES volunteers (id),
    public_key    BLOB NOT NULL CHECK (length(public_key) = 32),   -- X25519, briefs are sealed to it
    signing_key   BLOB NOT NULL CHECK (length(signing_key) = 32),  -- Ed25519, signs pledge acceptances
    pin_verifier  BLOB NOT NULL CHECK (length(pin_verifier) = 49),
    -- S, the server's half of the phone's key-encryption key. NULL = destroyed, for good.
    share         BLOB CHECK (share IS NULL OR length(share) = 32),
    failed_pins   INTEGER NOT NULL DEFAULT 0 CHECK (failed_pins BETWEEN 0 AND 10),
    state         TEXT NOT NULL DEFAULT 'active' CHECK (state IN ('active', 'locked', 'revoked', 'lost')),
    enrolled_at   INTEGER NOT NULL,
    last_seen_at  INTEGER,
    revoked_at    INTEGER,
    -- A device that is not active can never hold a share again.
    CHECK (state = 'active' OR share IS NULL)
) STRICT;

CREATE INDEX devices_volunteer ON devices (volunteer_id);

CREATE TABLE volunteer_invites (
    code_hash     BLOB PRIMARY KEY NOT NULL CHECK (length(code_hash) = 32),
    volunteer_id  TEXT NOT NULL REFERENCES volunteers (id),
    programme_id  TEXT NOT NULL REFERENCES programmes (id),
    created_by    TEXT NOT NULL REFERENCES users (id),
    created_at    INTEGER NOT NULL,
    expires_at    INTEGER NOT NULL,
    used_at       INTEGER,
    device_id     TEXT REFERENCES devices (id)
) STRICT;

CREATE INDEX volunteer_invites_volunteer ON volunteer_invites (volunteer_id);

CREATE TABLE pledge_acceptances (
    id               INTEGER PRIMARY KEY,
    organisation_id  TEXT NOT NULL,
    version          INTEGER NOT NULL,
    subject_kind     TEXT NOT NULL CHECK (subject_kind IN ('user', 'volunteer')),
    subject_id       TEXT NOT NULL,
    device_id        TEXT REFERENCES devices (id),
    typed_name       TEXT NOT NULL CHECK (length(typed_name) BETWEEN 1 AND 100),
    -- Ed25519 by the device's signing key; a volunteer's acceptance always carries one.
    signature        BLOB CHECK (signature IS NULL OR length(signature) = 64),
    accepted_at      INTEGER NOT NULL,
    FOREIGN KEY (organisation_id, version) REFERENCES pledges (organisation_id, version),
    CHECK ((subject_kind = 'volunteer') = (device_id IS NOT NULL AND signature IS NOT NULL))
) STRICT;

CREATE INDEX pledge_acceptances_subject ON pledge_acceptances (subject_kind, subject_id, organisation_id, version);

-- Opaque bearer tokens, stored only as SHA-256. `ended_at` keeps a revoked device's sessions as
-- tombstones until they expire, so the phone learns "device gone" rather than "signed out".
CREATE TABLE sessions (
    token_hash    BLOB PRIMARY KEY NOT NULL CHECK (length(token_hash) = 32),
    kind          TEXT NOT NULL CHECK (kind IN ('staff', 'staff_pending_totp', 'device')),
    user_id       TEXT REFERENCES users (id),
    device_id     TEXT REFERENCES devices (id),
    csrf_token    TEXT NOT NULL CHECK (length(csrf_token) BETWEEN 32 AND 64),
    created_at    INTEGER NOT NULL,
    last_seen_at  INTEGER NOT NULL,
    expires_at    INTEGER NOT NULL,
    ended_at      INTEGER,
    CHECK ((kind = 'device') = (device_id IS NOT NULL)),
    CHECK ((kind = 'device') = (user_id IS NULL))
) STRICT;

CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_device ON sessions (device_id);
CREATE INDEX sessions_expiry ON sessions (expires_at);

CREATE TABLE incidents (
    id               TEXT PRIMARY KEY NOT NULL,                  -- UUID
    kind             TEXT NOT NULL CHECK (kind IN ('lost_device', 'leak', 'unauthorised_access')),
    organisation_id  TEXT NOT NULL REFERENCES organisations (id),
    device_id        TEXT REFERENCES devices (id),
    volunteer_id     TEXT REFERENCES volunteers (id),
    reported_by      TEXT NOT NULL REFERENCES users (id),
    reported_at      INTEGER NOT NULL,
    note             TEXT NOT NULL CHECK (length(note) <= 1000),
    actions          TEXT NOT NULL CHECK (json_valid(actions))    -- JSON array of action codes
) STRICT;

CREATE INDEX incidents_organisation ON incidents (organisation_id);

-- The hash chain of domain::audit. Sequences are explicit (prev + 1), so two writers that ever
-- raced would collide on the primary key instead of forking the chain.
CREATE TABLE audit_events (
    seq     INTEGER PRIMARY KEY NOT NULL CHECK (seq >= 1),
    at      INTEGER NOT NULL,
    actor   TEXT NOT NULL,
    action  TEXT NOT NULL,
    object  TEXT NOT NULL,
    detail  TEXT NOT NULL,
    hash    BLOB NOT NULL CHECK (length(hash) = 32)
) STRICT;

-- Append-only from the application's side. Someone with write access to the file can drop these;
-- the chain (and `server audit verify`) is what detects that.
CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
BEGIN
    SELECT RAISE(ABORT, 'audit_events is append-only');
END;

CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
BEGIN
    SELECT RAISE(ABORT, 'audit_events is append-only');
END;
