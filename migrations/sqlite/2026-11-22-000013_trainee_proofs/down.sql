DROP TABLE trainee_proofs;
