-- Each item of a request names its own déroulé pédagogique (every scheme but SST level 1 needs one).
ALTER TABLE habilitation_request_items ADD COLUMN deroule_document_id TEXT REFERENCES entity_documents (id);
