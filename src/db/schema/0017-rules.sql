-- Rules and regulations (制度; issue 16 item 1): a unit's rule with its title, category and
-- public flag, and its versions in order: 'new' (the first text), 'revised' (a new text, the old
-- one kept) and 'repealed' (no text). A version carries its unit again so that a list by unit
-- subtree and effective day is one index range per unit.
CREATE TABLE rule (
    id INTEGER PRIMARY KEY,
    unit_id INTEGER NOT NULL REFERENCES unit(id),
    title TEXT NOT NULL,
    category TEXT NOT NULL CHECK (category IN ('selection', 'supervision', 'internal', 'other')),
    public INTEGER NOT NULL DEFAULT 0 CHECK (public IN (0, 1)),
    created TEXT NOT NULL
) STRICT;
CREATE INDEX rule_unit ON rule(unit_id, public);

CREATE TABLE rule_version (
    id INTEGER PRIMARY KEY,
    rule_id INTEGER NOT NULL REFERENCES rule(id),
    unit_id INTEGER NOT NULL REFERENCES unit(id),
    version INTEGER NOT NULL,
    action TEXT NOT NULL CHECK (action IN ('new', 'revised', 'repealed')),
    effective TEXT NOT NULL,
    doc_number TEXT NOT NULL DEFAULT '',
    text TEXT NOT NULL DEFAULT '',
    UNIQUE (rule_id, version)
) STRICT;
CREATE INDEX rule_version_unit_day ON rule_version(unit_id, effective);
-- A list of many versions (a province's) reads its page from the newest day down.
CREATE INDEX rule_version_day ON rule_version(effective);
