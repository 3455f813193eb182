-- The token id of the certificate a closure issued to a passed trainee, so that a correction can
-- supersede it (gone with the trainee, when the session is deleted).
ALTER TABLE trainees ADD COLUMN certificate_token_id TEXT;
-- Why a token no longer verifies: revoked by an admin, or superseded by a corrected certificate.
ALTER TABLE certificate_revocations ADD COLUMN kind TEXT NOT NULL DEFAULT 'revoked';
