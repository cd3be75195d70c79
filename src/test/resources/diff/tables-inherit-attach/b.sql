CREATE SCHEMA inh;
CREATE TABLE inh.parent (id int NOT NULL, note text);
CREATE TABLE inh."Other Parent" (id int NOT NULL);
CREATE TABLE inh.child (id int NOT NULL, note text, extra int);
CREATE TABLE inh.loner (extra int) INHERITS (inh.parent);
CREATE TABLE inh.mover (x int) INHERITS (inh.parent);
CREATE TABLE inh.grower (y int);
