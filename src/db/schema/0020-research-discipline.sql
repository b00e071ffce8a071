-- Research reports (调研报告) and discipline cases (违规违纪查处), issue 16 items 6 and 7. Both are
-- listed by unit subtree and day (the lists join unit by path and read research_unit_day or
-- discipline_unit_day); their counts live in registry_tally.
CREATE TABLE research (
    id INTEGER PRIMARY KEY,
    unit_id INTEGER NOT NULL REFERENCES unit(id),
    title TEXT NOT NULL,
    day TEXT NOT NULL,
    body TEXT NOT NULL DEFAULT '',
    adopted_by TEXT,                       -- who adopted it (采纳), NULL while not adopted
    adopted_on TEXT,                       -- the day it was recorded as adopted
    account_id INTEGER REFERENCES account(id),
    created TEXT NOT NULL
) STRICT;
CREATE INDEX research_unit_day ON research(unit_id, day);
-- A list of many reports (a province's) reads its page from the newest day down.
CREATE INDEX research_day ON research(day);

CREATE TABLE research_author (
    research_id INTEGER NOT NULL REFERENCES research(id),
    seq INTEGER NOT NULL,
    person_id INTEGER NOT NULL REFERENCES person(id),
    PRIMARY KEY (research_id, seq)
) STRICT, WITHOUT ROWID;

-- Restricted: read only by supervisors and admins in scope (discipline/discipline.h), never
-- indexed for search.
CREATE TABLE discipline (
    id INTEGER PRIMARY KEY,
    unit_id INTEGER NOT NULL REFERENCES unit(id),
    person_id INTEGER NOT NULL REFERENCES person(id),
    category TEXT NOT NULL,
    handling TEXT NOT NULL,
    day TEXT NOT NULL,
    summary TEXT NOT NULL,
    account_id INTEGER REFERENCES account(id),
    created TEXT NOT NULL
) STRICT;
CREATE INDEX discipline_unit_day ON discipline(unit_id, day);
CREATE INDEX discipline_person ON discipline(person_id, day, id);
