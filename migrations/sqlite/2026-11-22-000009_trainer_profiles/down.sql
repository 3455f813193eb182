DROP TABLE trainer_profiles;
