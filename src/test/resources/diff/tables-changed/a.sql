-- The desired state; b.sql is the same schema before a round of changes.
CREATE SCHEMA app;
CREATE TABLE app.accounts (
    id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    handle text NOT NULL,
    balance numeric(12, 2) NOT NULL DEFAULT 0,
    status text DEFAULT 'active',
    bio text,
    CONSTRAINT handle_format CHECK (handle ~ '^[a-z0-9_]+$'),
    CONSTRAINT handle_unique UNIQUE (handle)
);
CREATE TABLE app.transfers (
    id bigint PRIMARY KEY,
    from_id int NOT NULL REFERENCES app.accounts (id) ON DELETE RESTRICT,
    to_id int NOT NULL REFERENCES app.accounts (id) ON DELETE RESTRICT,
    amount numeric(12, 2) NOT NULL CHECK (amount > 0),
    memo text
);
CREATE INDEX transfers_from ON app.transfers (from_id, id);
CREATE TABLE app.ledger (day date NOT NULL, account int NOT NULL, total numeric) PARTITION BY RANGE (day);
CREATE TABLE app.ledger_2026 PARTITION OF app.ledger FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
CREATE TABLE app.settings (key text PRIMARY KEY, value jsonb NOT NULL) WITH (fillfactor = 80);
