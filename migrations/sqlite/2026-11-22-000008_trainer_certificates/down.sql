DROP TABLE trainer_certificates;
