-- Foundation: settings, the unit tree, people, accounts, sessions, API tokens, the audit chain.

CREATE TABLE meta (
    key TEXT PRIMARY KEY,
    value BLOB NOT NULL
) STRICT;

-- The unit tree. path is the chain of ids from the root, '/00000001/00000007/', so "all units under X" is
-- one range scan on unit_path: path >= X.path AND path < X.path with its last '/' raised to '0'.
CREATE TABLE unit (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('province','city','county','township','department','office','other')),
    parent_id INTEGER REFERENCES unit(id),
    path TEXT NOT NULL UNIQUE,
    depth INTEGER NOT NULL,
    n_persons INTEGER NOT NULL DEFAULT 0,  -- active people directly in this unit, kept by person.c
    n_total INTEGER NOT NULL DEFAULT 0     -- active people in the whole subtree, kept by person.c
) STRICT;
CREATE INDEX unit_parent ON unit(parent_id);

CREATE TABLE person (
    id INTEGER PRIMARY KEY,
    unit_id INTEGER NOT NULL REFERENCES unit(id),
    name TEXT NOT NULL,
    position TEXT NOT NULL DEFAULT '',
    active INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE INDEX person_unit ON person(unit_id, id);

CREATE TABLE account (
    id INTEGER PRIMARY KEY,
    login TEXT NOT NULL UNIQUE,
    person_id INTEGER NOT NULL UNIQUE REFERENCES person(id),
    unit_id INTEGER NOT NULL REFERENCES unit(id),
    role TEXT NOT NULL CHECK (role IN ('admin','unit_admin','leader','staff','supervisor','cadre')),
    pw_hash TEXT NOT NULL,
    disabled INTEGER NOT NULL DEFAULT 0,
    created TEXT NOT NULL
) STRICT;
CREATE INDEX account_unit ON account(unit_id);

-- Session and API tokens are stored only as BLAKE2b hashes of the random token.
CREATE TABLE session (
    token_hash BLOB PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES account(id),
    created INTEGER NOT NULL,
    seen INTEGER NOT NULL
) STRICT;
CREATE INDEX session_account ON session(account_id);

CREATE TABLE api_token (
    token_hash BLOB PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES account(id),
    created TEXT NOT NULL
) STRICT;

-- Append-only audit chain: hash = BLAKE2b(prev_hash || every other field), see auth/audit.c.
CREATE TABLE audit (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    object TEXT NOT NULL,
    before TEXT,
    after TEXT,
    prev_hash BLOB NOT NULL,
    hash BLOB NOT NULL
) STRICT;
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;
