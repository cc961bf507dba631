-- A key directory the relay cannot lie in (issue 8).
--
-- Identities are pairs: an X25519 key (sealed to) and an Ed25519 key (whose signatures are
-- believed), known together by one fingerprint (domain::identity). An organisation's identity is
-- made in the browser of its first member, never by an admin; a member, a phone or a peer
-- organisation is believed because the organisation signed a certificate for it
-- (domain::trust), which the relay stores and checks but never makes. Nothing below is a private
-- key in the clear: seeds arrive sealed (envelope v2) to their holders.
--
-- No family data exists yet, so the identities of the old model are dropped rather than
-- migrated: organisation keys there were made in an admin's browser, which the new model forbids,
-- and copies of them were handed out without anyone comparing a fingerprint.

DELETE FROM org_keys;
UPDATE organisations SET public_key = NULL;

-- The organisation's Ed25519 key, set together with `public_key`, once: NULL until the first
-- member creates the identity.
ALTER TABLE organisations ADD COLUMN signing_key BLOB
    CHECK ((signing_key IS NULL) = (public_key IS NULL))
    CHECK (signing_key IS NULL OR length(signing_key) = 32);

-- Set once: a changed organisation key must be a loud event (a migration), never an UPDATE.
CREATE TRIGGER organisations_identity_set_once BEFORE UPDATE OF public_key, signing_key ON organisations
WHEN OLD.public_key IS NOT NULL
    AND (NEW.public_key IS NOT OLD.public_key OR NEW.signing_key IS NOT OLD.signing_key)
BEGIN
    SELECT RAISE(ABORT, 'an organisation identity is set once');
END;

-- A staff member's Ed25519 key, required for every registration from now on. Accounts made
-- before have none and cannot sign in (their wrapped blob holds an X25519 key, not an identity
-- seed); the demo's accounts are re-created in place by the demo seed.
ALTER TABLE users ADD COLUMN signing_key BLOB
    CHECK (signing_key IS NULL OR length(signing_key) = 32);

-- Once a member has an identity, it never changes in place.
CREATE TRIGGER users_identity_set_once BEFORE UPDATE OF public_key, signing_key ON users
WHEN OLD.signing_key IS NOT NULL
    AND (NEW.public_key IS NOT OLD.public_key OR NEW.signing_key IS NOT OLD.signing_key)
BEGIN
    SELECT RAISE(ABORT, 'a member identity is set once');
END;

-- The organisation's signature over domain::trust::Statement::Member for this user: NULL until a
-- holder who compared the member's code confirmed them (for the first member, set with the
-- organisation's identity).
ALTER TABLE users ADD COLUMN certificate BLOB
    CHECK (certificate IS NULL OR (length(certificate) = 64 AND signing_key IS NOT NULL));

-- What the member verified by hand, sealed to themself (envelope v2, kind Pins), and its version:
-- a stale tab must never overwrite newer pins.
ALTER TABLE users ADD COLUMN pins BLOB
    CHECK (pins IS NULL OR length(pins) BETWEEN 1 AND 65536);
ALTER TABLE users ADD COLUMN pins_version INTEGER
    CHECK ((pins_version IS NULL) = (pins IS NULL))
    CHECK (pins_version IS NULL OR pins_version >= 0);

-- Staff sessions of the old model end: none of those accounts has an identity any more.
DELETE FROM sessions WHERE user_id IS NOT NULL;

-- The organisation's identity seed (32 bytes) sealed to one holder, from the member who sealed
-- it (`granted_by`; the holder themself for the first member).
ALTER TABLE org_keys RENAME COLUMN sealed_private_key TO sealed_seed;

-- "The organisation we work with has this identity", signed by `organisation_id`'s key after a
-- member compared the peer's code. Stands for the whole organisation.
CREATE TABLE peer_certificates (
    organisation_id  TEXT NOT NULL REFERENCES organisations (id),
    peer_id          TEXT NOT NULL REFERENCES organisations (id),
    certificate      BLOB NOT NULL CHECK (length(certificate) = 64),
    certified_by     TEXT NOT NULL REFERENCES users (id),
    certified_at     INTEGER NOT NULL,
    PRIMARY KEY (organisation_id, peer_id),
    CHECK (organisation_id <> peer_id)
) STRICT;

-- A phone's Device certificate (the partner's signature over domain::trust::Statement::Device),
-- set once by a coordinator's browser; and how the phone proved it came through its invitation:
-- the HMAC tag over its identity under the invitation's secret, which the relay cannot check
-- (it never sees the secret) and only stores for the coordinators' browsers.
ALTER TABLE devices ADD COLUMN certificate BLOB
    CHECK (certificate IS NULL OR length(certificate) = 64);
ALTER TABLE devices ADD COLUMN certified_by TEXT REFERENCES users (id)
    CHECK ((certified_by IS NULL) = (certificate IS NULL));
ALTER TABLE devices ADD COLUMN certified_at INTEGER
    CHECK ((certified_at IS NULL) = (certificate IS NULL));
ALTER TABLE devices ADD COLUMN binding_tag BLOB
    CHECK (binding_tag IS NULL OR length(binding_tag) = 32);
ALTER TABLE devices ADD COLUMN invitation_id TEXT;

-- The invitation's id (made in the coordinator's browser) and its binding secret sealed to the
-- partner's identity (envelope v2, kind Invitation) by the inviting coordinator. Invitations made
-- before have neither; their phones are confirmed by the check code.
ALTER TABLE volunteer_invites ADD COLUMN invitation_id TEXT;
ALTER TABLE volunteer_invites ADD COLUMN sealed_secret BLOB
    CHECK ((sealed_secret IS NULL) = (invitation_id IS NULL))
    CHECK (sealed_secret IS NULL OR length(sealed_secret) BETWEEN 1 AND 4096);
ALTER TABLE volunteer_invites ADD COLUMN sealed_by TEXT REFERENCES users (id)
    CHECK ((sealed_by IS NULL) = (sealed_secret IS NULL))
    CHECK (sealed_by IS NULL OR sealed_by = created_by);

-- NULLs are distinct: only the invitations that have an id must not share it.
CREATE UNIQUE INDEX volunteer_invites_invitation ON volunteer_invites (invitation_id);

-- Incident notes are free text a coordinator writes: from now on they arrive sealed to the
-- partner's identity (envelope v2, kind IncidentNote) and the plain column stays empty. Notes
-- written before are cleared (no real incident exists yet).
ALTER TABLE incidents ADD COLUMN sealed_note BLOB
    CHECK (sealed_note IS NULL OR length(sealed_note) BETWEEN 1 AND 8192);
UPDATE incidents SET note = '';

-- The plain column can never be filled again, whatever the relay's code does.
CREATE TRIGGER incidents_no_plain_note BEFORE INSERT ON incidents
WHEN NEW.note <> ''
BEGIN
    SELECT RAISE(ABORT, 'incident notes are stored sealed');
END;

CREATE TRIGGER incidents_no_plain_note_update BEFORE UPDATE OF note ON incidents
WHEN NEW.note <> ''
BEGIN
    SELECT RAISE(ABORT, 'incident notes are stored sealed');
END;
