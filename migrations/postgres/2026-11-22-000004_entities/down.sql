ALTER TABLE users DROP COLUMN provisional;
DROP TABLE directory_listings;
DROP TABLE entities;
