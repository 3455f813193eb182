DROP TABLE trainees;
