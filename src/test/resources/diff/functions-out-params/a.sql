-- OUT parameters are not part of a function's identity: one that gains, loses or changes one is the same function
-- with another result type, dropped and made again (b.sql has the same functions with other OUT parameters).
CREATE SCHEMA outp;
CREATE FUNCTION outp.gains(INOUT a int, OUT b text) LANGUAGE plpgsql AS $$ BEGIN b := a::text; END $$;
CREATE FUNCTION outp.changes(a int, OUT x int, OUT y text) LANGUAGE sql AS 'SELECT a, a::text';
CREATE FUNCTION outp.loses(a int) RETURNS int LANGUAGE sql AS 'SELECT a';
CREATE FUNCTION outp."Mixed Out"(a int, OUT "Ünï" int) LANGUAGE sql AS 'SELECT a';
CREATE VIEW outp.uses AS SELECT (outp.changes(1)).y;
