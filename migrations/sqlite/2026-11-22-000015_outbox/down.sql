ALTER TABLE api_clients DROP COLUMN webhook_secret;
ALTER TABLE api_clients DROP COLUMN webhook_url;
DROP TABLE outbox;
