DROP INDEX trainer_certificates_token_id;
ALTER TABLE trainer_certificates DROP COLUMN token_id;
