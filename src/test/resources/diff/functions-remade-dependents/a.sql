-- Functions dropped and made again (a parameter renamed, a result type changed) while a stored generated column, a
-- policy, a trigger's WHEN, a check, an index and a default call them; b.sql holds the functions before.
CREATE SCHEMA "Remade";
CREATE FUNCTION "Remade".twice(amount int) RETURNS int LANGUAGE sql IMMUTABLE AS $$ SELECT amount * 2 $$;
CREATE FUNCTION "Remade".allowed(who text) RETURNS boolean LANGUAGE sql STABLE AS $$ SELECT who <> 'nobody' $$;
CREATE FUNCTION "Remade".is_big(n int) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$ SELECT n > 100 $$;
CREATE FUNCTION "Remade".score(who text) RETURNS bigint LANGUAGE sql STABLE AS $$ SELECT length(who) $$;
CREATE FUNCTION "Remade".stamp() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE TABLE "Remade"."Orders" (
    id int PRIMARY KEY,
    qty int NOT NULL,
    "dοuble" int GENERATED ALWAYS AS ("Remade".twice(qty)) STORED,
    owner text,
    CONSTRAINT big_enough CHECK (NOT "Remade".is_big(qty) OR qty < 10000)
);
CREATE INDEX orders_double_idx ON "Remade"."Orders" ("dοuble");
CREATE INDEX orders_big_idx ON "Remade"."Orders" (qty) WHERE "Remade".is_big(qty);
ALTER TABLE "Remade"."Orders" ENABLE ROW LEVEL SECURITY;
CREATE POLICY owners_only ON "Remade"."Orders" FOR SELECT USING ("Remade".allowed(owner));
CREATE TRIGGER big_orders BEFORE INSERT ON "Remade"."Orders" FOR EACH ROW WHEN ("Remade".is_big(NEW.qty))
    EXECUTE FUNCTION "Remade".stamp();
CREATE VIEW "Remade".doubles AS SELECT id, "dοuble" FROM "Remade"."Orders";
CREATE POLICY scored ON "Remade"."Orders" FOR UPDATE USING ("Remade".score(owner) > 0);
INSERT INTO "Remade"."Orders" (id, qty, owner) VALUES (1, 3, 'ann'), (2, 200, 'bob');
-- lost with the generated column when it is made again, and set again
COMMENT ON COLUMN "Remade"."Orders"."dοuble" IS 'twice the quantity';
GRANT SELECT ("dοuble") ON "Remade"."Orders" TO PUBLIC;
