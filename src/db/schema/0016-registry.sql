-- The roll-up counts of the registries (issue 16: rules, commendations, essays, media reports,
-- meetings, research, discipline cases): one row per unit, counted key and day, kept for the
-- unit of the record and every unit above it in the record's own write, and again under the day
-- '*' for all days, so a period is one index range and no period one row per key. A key names
-- the registry and the figure ("rules.new", "media.city"); registry/registry.h lists them.
CREATE TABLE registry_tally (
    unit_id INTEGER NOT NULL REFERENCES unit(id),
    key TEXT NOT NULL,
    day TEXT NOT NULL,
    n INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (unit_id, key, day)
) STRICT, WITHOUT ROWID;
