CREATE SCHEMA outp;
CREATE FUNCTION outp.gains(INOUT a int) LANGUAGE plpgsql AS $$ BEGIN END $$;
CREATE FUNCTION outp.changes(a int, OUT x int, OUT y int) LANGUAGE sql AS 'SELECT a, a';
CREATE FUNCTION outp.loses(a int, OUT x int) LANGUAGE sql AS 'SELECT a';
CREATE FUNCTION outp."Mixed Out"(a int, OUT "Ünï" int, OUT b int) LANGUAGE sql AS 'SELECT a, a';
CREATE VIEW outp.uses AS SELECT (outp.changes(1)).y;
