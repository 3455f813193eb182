DROP TABLE habilitation_request_events;
DROP TABLE habilitation_request_documents;
DROP TABLE habilitation_request_items;
DROP TABLE habilitation_requests;
DROP TABLE entity_documents;
DROP TABLE habilitations;
