-- Commendations, media reports and meetings (issue 16 items 2, 4 and 5): dated records of a unit
-- with a title and a kind, counted in registry_tally in their own write. Each list reads one
-- unit's records by day through (unit_id, day), the units of a subtree through unit's path.
CREATE TABLE commendation (
    id INTEGER PRIMARY KEY,
    unit_id INTEGER NOT NULL REFERENCES unit(id),
    title TEXT NOT NULL,
    level TEXT NOT NULL CHECK (level IN ('county','city','province','central')),
    day TEXT NOT NULL
) STRICT;
CREATE INDEX commendation_unit_day ON commendation(unit_id, day);
CREATE INDEX commendation_day ON commendation(day);

-- The persons a commendation names, in the order given, each with its citation (事迹).
CREATE TABLE commendation_person (
    commendation_id INTEGER NOT NULL REFERENCES commendation(id),
    seq INTEGER NOT NULL,
    person_id INTEGER NOT NULL REFERENCES person(id),
    citation TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (commendation_id, seq),
    UNIQUE (commendation_id, person_id)
) STRICT;
CREATE INDEX commendation_person_person ON commendation_person(person_id);

CREATE TABLE media (
    id INTEGER PRIMARY KEY,
    unit_id INTEGER NOT NULL REFERENCES unit(id),
    title TEXT NOT NULL,
    outlet TEXT NOT NULL,
    level TEXT NOT NULL CHECK (level IN ('county','city','province','central')),
    kind TEXT NOT NULL CHECK (kind IN ('report','article','broadcast')),
    day TEXT NOT NULL,
    link TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX media_unit_day ON media(unit_id, day);
CREATE INDEX media_day ON media(day);

CREATE TABLE meeting (
    id INTEGER PRIMARY KEY,
    unit_id INTEGER NOT NULL REFERENCES unit(id),
    title TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('conference','leadership','forum','study')),
    day TEXT NOT NULL,
    attendees INTEGER,
    minutes TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX meeting_unit_day ON meeting(unit_id, day);
CREATE INDEX meeting_day ON meeting(day);
