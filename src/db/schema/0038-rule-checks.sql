-- A CHECK of a column against a list of three values or more costs SQLite a temporary index on
-- every insert (the list is built again each time the statement runs): a third of what a rule
-- import did. The rules' two tables are rebuilt with the same checks written as comparisons,
-- which cost nothing; rows, ids and indexes stay as they were. The versions are set aside
-- first, since the rules they reference go and come back (a dropped table checks the rows that
-- reference it, and foreign keys stay on inside a migration's transaction).
CREATE TABLE rule_next (
    id INTEGER PRIMARY KEY,
    unit_id INTEGER NOT NULL REFERENCES unit(id),
    title TEXT NOT NULL,
    category TEXT NOT NULL CHECK (category = 'selection' OR category = 'supervision'
                                  OR category = 'internal' OR category = 'other'),
    public INTEGER NOT NULL DEFAULT 0 CHECK (public IN (0, 1)),
    created TEXT NOT NULL
) STRICT;
INSERT INTO rule_next(id, unit_id, title, category, public, created)
    SELECT id, unit_id, title, category, public, created FROM rule;
CREATE TABLE rule_version_kept AS SELECT * FROM rule_version;
DROP TABLE rule_version;
DROP TABLE rule;
ALTER TABLE rule_next RENAME TO rule;
CREATE INDEX rule_unit ON rule(unit_id, public);

CREATE TABLE rule_version (
    id INTEGER PRIMARY KEY,
    rule_id INTEGER NOT NULL REFERENCES rule(id),
    unit_id INTEGER NOT NULL REFERENCES unit(id),
    version INTEGER NOT NULL,
    action TEXT NOT NULL CHECK (action = 'new' OR action = 'revised' OR action = 'repealed'),
    effective TEXT NOT NULL,
    doc_number TEXT NOT NULL DEFAULT '',
    text TEXT NOT NULL DEFAULT '',
    UNIQUE (rule_id, version)
) STRICT;
INSERT INTO rule_version(id, rule_id, unit_id, version, action, effective, doc_number, text)
    SELECT id, rule_id, unit_id, version, action, effective, doc_number, text
    FROM rule_version_kept ORDER BY id;
DROP TABLE rule_version_kept;
CREATE INDEX rule_version_unit_day ON rule_version(unit_id, effective);
CREATE INDEX rule_version_day ON rule_version(effective);
