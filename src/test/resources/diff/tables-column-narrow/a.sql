-- A column's type changes and another column is dropped: only what uses those columns is dropped and made again
-- (views, a policy, a trigger WHEN and UPDATE OF, an index, a check); what uses the table's other columns stays.
CREATE SCHEMA narrow;
CREATE TABLE narrow."Items" (id int PRIMARY KEY, price numeric(12, 2) NOT NULL, "Näme" text, owner text);
CREATE FUNCTION narrow.touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE VIEW narrow.prices AS SELECT id, price FROM narrow."Items";
CREATE VIEW narrow.names AS SELECT id, "Näme" FROM narrow."Items";
CREATE VIEW narrow.everything AS SELECT * FROM narrow."Items";
CREATE VIEW narrow.counted AS SELECT count(*) AS n FROM narrow."Items";
CREATE INDEX items_price_idx ON narrow."Items" (price);
CREATE INDEX items_name_idx ON narrow."Items" ("Näme");
ALTER TABLE narrow."Items" ADD CONSTRAINT price_positive CHECK (price > 0);
ALTER TABLE narrow."Items" ENABLE ROW LEVEL SECURITY;
CREATE POLICY cheap ON narrow."Items" FOR SELECT USING (price < 100);
CREATE POLICY mine ON narrow."Items" FOR UPDATE USING (owner = current_user);
CREATE TRIGGER price_changed BEFORE UPDATE OF price ON narrow."Items" FOR EACH ROW EXECUTE FUNCTION narrow.touch();
CREATE TRIGGER big BEFORE INSERT ON narrow."Items" FOR EACH ROW WHEN (NEW.price > 1000) EXECUTE FUNCTION narrow.touch();
CREATE TRIGGER any_insert BEFORE INSERT ON narrow."Items" FOR EACH ROW EXECUTE FUNCTION narrow.touch();
INSERT INTO narrow."Items" VALUES (1, 9.5, 'a', 'ann');
