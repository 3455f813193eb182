ALTER TABLE trainees DROP COLUMN forprev_number;
ALTER TABLE trainer_certificates DROP COLUMN token;
ALTER TABLE trainer_certificates DROP COLUMN card;
DROP TABLE session_archives;
DROP TABLE certificate_revocations;
DROP TABLE certificate_keys;
