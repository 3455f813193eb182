DROP TABLE departements;
DROP TABLE caisses;
DROP TABLE schemes;
