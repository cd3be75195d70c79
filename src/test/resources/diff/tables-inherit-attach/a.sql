-- Inheritance taken on and given up by tables that exist on both sides (b.sql): INHERIT needs the child to have
-- the parent's columns first; after NO INHERIT the inherited columns stay, as the child's own.
CREATE SCHEMA inh;
CREATE TABLE inh.parent (id int NOT NULL, note text);
CREATE TABLE inh."Other Parent" (id int NOT NULL);
-- b: the same columns, its own, and no parent
CREATE TABLE inh.child (extra int) INHERITS (inh.parent);
-- b: inherits inh.parent
CREATE TABLE inh.loner (extra int);
-- b: inherits inh.parent, not "Other Parent"
CREATE TABLE inh.mover (x int) INHERITS (inh."Other Parent");
-- b: lacks the column the parent has
CREATE TABLE inh.grower (y int) INHERITS (inh."Other Parent");
