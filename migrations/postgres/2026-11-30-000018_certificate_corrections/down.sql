ALTER TABLE certificate_revocations DROP COLUMN kind;
ALTER TABLE trainees DROP COLUMN certificate_token_id;
