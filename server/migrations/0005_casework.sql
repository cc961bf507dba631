-- Referrals, volunteer profiles, assignments and their visits, briefs and the device ledger
-- (issue 9: need to know).
--
-- Only routing metadata is stored in the clear: ids, statuses, times, visit schedules and the
-- consent flag. Everything personal (the family's facts, a volunteer's profile, reasons for a
-- decline or a conflict override, a brief) arrives as an envelope sealed in a browser and is
-- stored as an opaque BLOB. There is no column a plaintext fact could go into.
--
-- `sealed_by` names the staff member whose registered identity signed an envelope; browsers
-- verify it through that member's certificate, never through the relay's word.

CREATE TABLE referrals (
    id            TEXT PRIMARY KEY NOT NULL,                       -- UUID, made in the browser
    programme_id  TEXT NOT NULL REFERENCES programmes (id),
    -- Copied from the programme: who may see it never depends on a later programme change.
    centre_id     TEXT NOT NULL REFERENCES organisations (id),
    partner_id    TEXT NOT NULL REFERENCES organisations (id),
    status        TEXT NOT NULL CHECK (status IN ('sent', 'accepted', 'declined', 'withdrawn')),
    -- The current version (referral_versions holds every version's envelope).
    version       INTEGER NOT NULL CHECK (version >= 1),
    created_by    TEXT NOT NULL REFERENCES users (id),
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL,
    -- The partner's answer: accepted or declined (a decline's reason sealed to both).
    answer_accepted  INTEGER CHECK (answer_accepted IS NULL OR answer_accepted IN (0, 1)),
    answer_sealed    BLOB CHECK (answer_sealed IS NULL OR length(answer_sealed) BETWEEN 1 AND 32768),
    answered_by      TEXT REFERENCES users (id),
    answered_at      INTEGER,
    withdrawn_at     INTEGER,
    CHECK ((answer_accepted IS NULL) = (answered_by IS NULL)),
    CHECK ((answer_accepted IS NULL) = (answered_at IS NULL)),
    CHECK ((status = 'withdrawn') = (withdrawn_at IS NOT NULL))
) STRICT;

CREATE INDEX referrals_centre ON referrals (centre_id);
CREATE INDEX referrals_partner ON referrals (partner_id);

-- Every version of a referral's content, kept: the centre's record of what it shared when.
CREATE TABLE referral_versions (
    referral_id  TEXT NOT NULL REFERENCES referrals (id),
    version      INTEGER NOT NULL CHECK (version >= 1),
    consent      TEXT NOT NULL CHECK (consent IN ('given', 'overridden')),
    sealed       BLOB NOT NULL CHECK (length(sealed) BETWEEN 1 AND 131072),
    sealed_by    TEXT NOT NULL REFERENCES users (id),
    sealed_at    INTEGER NOT NULL,
    PRIMARY KEY (referral_id, version)
) STRICT;

-- A volunteer's matching profile, sealed to the partner only; the current version replaces the
-- previous one in place (secure_delete zeroes the old bytes).
CREATE TABLE volunteer_profiles (
    volunteer_id  TEXT PRIMARY KEY NOT NULL REFERENCES volunteers (id),
    version       INTEGER NOT NULL CHECK (version >= 1),
    sealed        BLOB NOT NULL CHECK (length(sealed) BETWEEN 1 AND 65536),
    sealed_by     TEXT NOT NULL REFERENCES users (id),
    updated_at    INTEGER NOT NULL
) STRICT;

CREATE TABLE assignments (
    id                 TEXT PRIMARY KEY NOT NULL,                  -- UUID, made in the browser
    referral_id        TEXT NOT NULL REFERENCES referrals (id),
    volunteer_id       TEXT NOT NULL REFERENCES volunteers (id),
    valid_from         INTEGER NOT NULL,
    valid_until        INTEGER NOT NULL CHECK (valid_until > valid_from),
    -- domain::schedule::VisitSchedule as JSON: when, never where or who.
    schedule           TEXT NOT NULL CHECK (json_valid(schedule)),
    status             TEXT NOT NULL CHECK (status IN ('active', 'ended')),
    conflict_override  INTEGER NOT NULL CHECK (conflict_override IN (0, 1)),
    -- The override's reasons, sealed to both organisations; present exactly when overridden.
    sealed_note        BLOB CHECK (sealed_note IS NULL OR length(sealed_note) BETWEEN 1 AND 32768),
    created_by         TEXT NOT NULL REFERENCES users (id),
    created_at         INTEGER NOT NULL,
    ended_at           INTEGER,
    CHECK ((status = 'ended') = (ended_at IS NOT NULL)),
    CHECK (conflict_override = (sealed_note IS NOT NULL))
) STRICT;

CREATE INDEX assignments_referral ON assignments (referral_id);
CREATE INDEX assignments_volunteer ON assignments (volunteer_id);
CREATE INDEX assignments_due ON assignments (status, valid_until);

CREATE TABLE visits (
    id             TEXT PRIMARY KEY NOT NULL,                      -- UUID
    assignment_id  TEXT NOT NULL REFERENCES assignments (id),
    at             INTEGER NOT NULL,
    minutes        INTEGER NOT NULL CHECK (minutes BETWEEN 15 AND 720),
    status         TEXT NOT NULL CHECK (status IN ('planned', 'done', 'reported', 'unreported', 'cancelled'))
) STRICT;

CREATE INDEX visits_assignment ON visits (assignment_id, at);

-- One brief per assignment; its approved versions are in brief_versions.
CREATE TABLE briefs (
    id               TEXT PRIMARY KEY NOT NULL,                    -- UUID, made in the browser
    assignment_id    TEXT NOT NULL UNIQUE REFERENCES assignments (id),
    current_version  INTEGER NOT NULL CHECK (current_version >= 1)
) STRICT;

CREATE TABLE brief_versions (
    brief_id     TEXT NOT NULL REFERENCES briefs (id),
    version      INTEGER NOT NULL CHECK (version >= 1),
    valid_until  INTEGER NOT NULL,
    state        TEXT NOT NULL CHECK (state IN ('current', 'replaced', 'revoked', 'expired')),
    -- NULL once the version is no longer current: the relay keeps no brief it may not serve.
    sealed       BLOB CHECK (sealed IS NULL OR length(sealed) BETWEEN 1 AND 196608),
    sealed_by    TEXT NOT NULL REFERENCES users (id),
    approved_at  INTEGER NOT NULL,
    ended_at     INTEGER,
    PRIMARY KEY (brief_id, version),
    CHECK (state = 'current' OR sealed IS NULL),
    CHECK ((state = 'current') = (ended_at IS NULL))
) STRICT;

CREATE INDEX brief_versions_due ON brief_versions (state, valid_until);

-- The phones a version was sealed to (each also a recipient in the envelope's header).
CREATE TABLE brief_recipients (
    brief_id   TEXT NOT NULL,
    version    INTEGER NOT NULL,
    device_id  TEXT NOT NULL REFERENCES devices (id),
    PRIMARY KEY (brief_id, version, device_id),
    FOREIGN KEY (brief_id, version) REFERENCES brief_versions (brief_id, version)
) STRICT;

-- The device ledger (持ち出し管理台帳): a version reaching a phone, its openings and the phone's
-- confirmed deletion. Times of openings and deletion are the phone's, clamped to
-- [delivered_at, the relay's now]. A phone that fetches again after confirming a deletion
-- starts a new row; at most one row per version and phone is live (not deleted).
CREATE TABLE brief_deliveries (
    id               INTEGER PRIMARY KEY,
    brief_id         TEXT NOT NULL,
    version          INTEGER NOT NULL,
    device_id        TEXT NOT NULL REFERENCES devices (id),
    delivered_at     INTEGER NOT NULL,
    first_opened_at  INTEGER,
    last_opened_at   INTEGER,
    deleted_at       INTEGER,
    FOREIGN KEY (brief_id, version) REFERENCES brief_versions (brief_id, version),
    CHECK ((first_opened_at IS NULL) = (last_opened_at IS NULL))
) STRICT;

CREATE UNIQUE INDEX brief_deliveries_live ON brief_deliveries (brief_id, version, device_id)
    WHERE deleted_at IS NULL;
CREATE INDEX brief_deliveries_device ON brief_deliveries (device_id);
