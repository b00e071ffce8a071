-- Departments, their leaders and the offices each is in charge of (issue 15).
--
-- A unit of kind 'office' (处室, 科室) is an internal office of its department, the nearest unit
-- above it that is not an office; every other unit is its own department. dept_id keeps that per
-- unit (unit.c sets it on insert and move), so "the department's own staff" and "the
-- department of a task's lead office" are one indexed lookup.
ALTER TABLE unit ADD COLUMN dept_id INTEGER REFERENCES unit(id);
WITH RECURSIVE d(id, dept) AS (
    SELECT id, id FROM unit WHERE kind <> 'office' OR parent_id IS NULL
    UNION ALL
    SELECT u.id, d.dept FROM unit u JOIN d ON u.parent_id = d.id WHERE u.kind = 'office')
UPDATE unit SET dept_id = (SELECT dept FROM d WHERE d.id = unit.id);
CREATE INDEX unit_dept ON unit(dept_id);

-- A department's leadership (部长, 常务副部长, 副部长...), kept per period: a leader in post has
-- no end; rank orders the list (the first is the head of the department).
CREATE TABLE leader (
    id INTEGER PRIMARY KEY,
    unit_id INTEGER NOT NULL REFERENCES unit(id),
    person_id INTEGER NOT NULL REFERENCES person(id),
    title TEXT NOT NULL,
    rank INTEGER NOT NULL,
    starts TEXT NOT NULL,
    ends TEXT
) STRICT;
CREATE INDEX leader_unit ON leader(unit_id, rank);
CREATE INDEX leader_person ON leader(person_id);

-- The offices of the department a leader is in charge of (分管).
CREATE TABLE leader_office (
    leader_id INTEGER NOT NULL REFERENCES leader(id),
    unit_id INTEGER NOT NULL REFERENCES unit(id),
    PRIMARY KEY (leader_id, unit_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX leader_office_unit ON leader_office(unit_id);

-- An evaluation group of the department's own staff: the accounts of the voter unit and of its
-- offices, not of the levels below.
ALTER TABLE evaluation_group ADD COLUMN own_staff INTEGER NOT NULL DEFAULT 0;
