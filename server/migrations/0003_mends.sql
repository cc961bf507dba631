-- The security mends of the accounts review (issue 8). What needs no schema: S is destroyed for
-- good by `PRAGMA secure_delete = ON` on every connection and a WAL checkpoint after the
-- destroying transaction (store::db); counters became single atomic statements (store/).

-- TOTP secrets are sealed under a key from the key file, never stored in the clear
-- (keyfile.rs): 49 bytes, domain::record's `version ‖ nonce ‖ AES-256-GCM(secret) ‖ tag` with
-- the user id as associated data. Secrets stored in the clear before this migration wait in
-- `totp_unsealed` until the relay, which holds the key, seals them at its next start and deletes
-- them (with secure_delete, their bytes are zeroed); until then those accounts cannot pass TOTP.
CREATE TABLE totp_unsealed (
    user_id  TEXT PRIMARY KEY NOT NULL REFERENCES users (id),
    secret   BLOB NOT NULL
) STRICT;

INSERT INTO totp_unsealed (user_id, secret) SELECT id, totp_secret FROM users;

ALTER TABLE users DROP COLUMN totp_secret;

ALTER TABLE users ADD COLUMN totp_sealed BLOB
    CHECK (totp_sealed IS NULL OR length(totp_sealed) = 49);

-- Wrong TOTP codes, counted durably per account: from the 5th in a row, the account refuses
-- codes until `totp_locked_until` (unix ms), a wait that doubles with each further failure. A
-- right code resets both.
ALTER TABLE users ADD COLUMN totp_failures INTEGER NOT NULL DEFAULT 0 CHECK (totp_failures >= 0);
ALTER TABLE users ADD COLUMN totp_locked_until INTEGER;

-- The random 256-bit credential the relay issues to a phone at enrolment, stored only as its
-- SHA-256. Every unlock must present it; without it an unlock is answered like an unknown device
-- and costs no PIN try. Devices enrolled before this migration have none and can no longer
-- unlock (they enrol again).
ALTER TABLE devices ADD COLUMN credential_hash BLOB
    CHECK (credential_hash IS NULL OR length(credential_hash) = 32);

-- Volunteer codes are now stored as HMAC-SHA256 under a key from the key file. Unused codes
-- stored under the old unkeyed hash could never match again: remove them (they lived 72 hours).
DELETE FROM volunteer_invites WHERE used_at IS NULL;
