-- Rows with NULLs, tabs, newlines, backslashes, quotes, unicode, a large value, extreme numbers.
INSERT INTO public.customers
SELECT ('00000000-0000-4000-8000-' || lpad(to_hex(g), 12, '0'))::uuid,
       CASE g % 5 WHEN 0 THEN E'tab\there' WHEN 1 THEN E'new\nline' WHEN 2 THEN E'back\\slash' WHEN 3 THEN 'quote''s "double"'
                  ELSE 'ünïcødé ✓ ' || g END,
       CASE WHEN g % 4 = 0 THEN NULL ELSE (ARRAY['sad', 'ok', 'happy'])[1 + g % 3]::public.mood END,
       CASE WHEN g % 3 = 0 THEN NULL ELSE ARRAY['ok', 'happy']::public.mood[] END,
       ARRAY['a,b', NULL, E'c\td', '{x}'],
       jsonb_build_object('n', g, 'nested', jsonb_build_array(1, 'two', NULL, E'line\nbreak')),
       CASE WHEN g % 7 = 0 THEN NULL ELSE g * 1.2345 - 500 END,
       timestamptz '2024-03-01 12:34:56.789012+02' + g * interval '1 hour',
       CASE WHEN g % 2 = 0 THEN decode(md5(g::text), 'hex') ELSE NULL END,
       CASE WHEN g % 6 = 0 THEN NULL ELSE g END,
       ROW(g, E'p\\q')::public.pair,
       date '2000-02-29' + g,
       make_interval(days => g, secs => 1.5),
       CASE g % 4 WHEN 0 THEN 0.1 WHEN 1 THEN 1e-300 WHEN 2 THEN 'NaN'::float8 ELSE -1.7976931348623157e308 END
  FROM generate_series(1, 2000) g;
INSERT INTO public.customers (id, name, photo, meta)
VALUES ('ffffffff-ffff-4fff-bfff-ffffffffffff', repeat('large ', 200000), decode(repeat('00ff', 100000), 'hex'), '{}');

INSERT INTO public.orders (customer, total, note)
SELECT ('00000000-0000-4000-8000-' || lpad(to_hex(1 + g % 2000), 12, '0'))::uuid, g / 100.0, CASE WHEN g % 9 = 0 THEN NULL ELSE 'order ' || g END
  FROM generate_series(1, 5000) g;

INSERT INTO public.notes (body) SELECT 'note ' || g FROM generate_series(1, 300) g;

INSERT INTO "Mixed Schema"."Ünïcode tåble" SELECT g, 'sélect ' || g, g % 2 = 0 FROM generate_series(1, 50) g;

INSERT INTO public.events SELECT g, date '2024-06-01' + (g % 400), jsonb_build_object('g', g) FROM generate_series(1, 3000) g;
