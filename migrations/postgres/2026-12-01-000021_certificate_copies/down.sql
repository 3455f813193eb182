DROP TABLE outbox_attachments;
ALTER TABLE trainees DROP COLUMN send_certificate;
