-- The id of the token a trainer certificate's card carries: a correction of the session that
-- made the trainer supersedes that token, and the certificate takes the corrected card.
ALTER TABLE trainer_certificates ADD COLUMN token_id TEXT;
CREATE INDEX trainer_certificates_token_id ON trainer_certificates (token_id);
