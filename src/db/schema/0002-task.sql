-- Work plans, tasks split level by level, progress reports and supervision (mechanisms 1, 2).
-- Lights (green/yellow/red), overdue and stalled are computed from dates, never stored.

CREATE TABLE plan (
    id INTEGER PRIMARY KEY,
    unit_id INTEGER NOT NULL REFERENCES unit(id),
    year INTEGER NOT NULL,
    title TEXT NOT NULL,
    created TEXT NOT NULL,
    UNIQUE (unit_id, year, title)
) STRICT;

CREATE TABLE task (
    id INTEGER PRIMARY KEY,
    plan_id INTEGER REFERENCES plan(id),
    parent_id INTEGER REFERENCES task(id),
    depth INTEGER NOT NULL,                  -- 0 for a task as assigned, +1 per split
    assigner_unit_id INTEGER NOT NULL REFERENCES unit(id),
    lead_unit_id INTEGER NOT NULL REFERENCES unit(id),
    leader_id INTEGER REFERENCES person(id),
    kind TEXT NOT NULL CHECK (kind IN ('key', 'routine')),
    title TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    year INTEGER NOT NULL,
    deadline TEXT NOT NULL,                  -- YYYY-MM-DD
    state TEXT NOT NULL CHECK (state IN ('assigned', 'in_progress', 'reported', 'accepted',
                                         'returned')),
    percent INTEGER NOT NULL DEFAULT 0 CHECK (percent BETWEEN 0 AND 100),
    reported_by INTEGER REFERENCES account(id),
    last_activity TEXT NOT NULL,             -- day of the last progress report or creation
    finished TEXT,                           -- day accepted
    created TEXT NOT NULL
) STRICT;
CREATE INDEX task_lead ON task(lead_unit_id, state, deadline);
CREATE INDEX task_parent ON task(parent_id);
CREATE INDEX task_assigner ON task(assigner_unit_id);

CREATE TABLE task_assist (
    task_id INTEGER NOT NULL REFERENCES task(id),
    unit_id INTEGER NOT NULL REFERENCES unit(id),
    PRIMARY KEY (task_id, unit_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX task_assist_unit ON task_assist(unit_id);

CREATE TABLE task_progress (
    id INTEGER PRIMARY KEY,
    task_id INTEGER NOT NULL REFERENCES task(id),
    at TEXT NOT NULL,
    account_id INTEGER REFERENCES account(id),
    text TEXT NOT NULL,
    percent INTEGER NOT NULL CHECK (percent BETWEEN 0 AND 100),
    done INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX task_progress_task ON task_progress(task_id);

CREATE TABLE task_milestone (
    id INTEGER PRIMARY KEY,
    task_id INTEGER NOT NULL REFERENCES task(id),
    title TEXT NOT NULL,
    due TEXT NOT NULL                        -- YYYY-MM-DD
) STRICT;
CREATE INDEX task_milestone_task ON task_milestone(task_id, due);

-- Files filed with a progress report, kept in the database (size and type limited by task.c).
CREATE TABLE task_attachment (
    id INTEGER PRIMARY KEY,
    task_id INTEGER NOT NULL REFERENCES task(id),
    progress_id INTEGER NOT NULL REFERENCES task_progress(id),
    name TEXT NOT NULL,
    type TEXT NOT NULL,
    size INTEGER NOT NULL,
    data BLOB NOT NULL
) STRICT;
CREATE INDEX task_attachment_task ON task_attachment(task_id);

CREATE TABLE supervision (
    id INTEGER PRIMARY KEY,
    task_id INTEGER NOT NULL REFERENCES task(id),
    unit_id INTEGER NOT NULL REFERENCES unit(id),   -- the issuing unit
    kind TEXT NOT NULL CHECK (kind IN ('reminder', 'urge', 'criticism', 'notice')),
    text TEXT NOT NULL,
    year INTEGER NOT NULL,
    serial INTEGER,                                 -- notices only: 督查通报〔year〕serial号
    account_id INTEGER REFERENCES account(id),
    created TEXT NOT NULL
) STRICT;
CREATE INDEX supervision_task ON supervision(task_id);
CREATE UNIQUE INDEX supervision_serial ON supervision(unit_id, year, serial) WHERE serial IS NOT NULL;

-- Roll-up counts kept as tasks change, so statistics never scan tasks: for every unit, the
-- tasks led anywhere in its subtree, and the open ones per deadline (overdue = those with a
-- deadline before today). Rebuilt from task by task_tally_rebuild() after a unit move.
CREATE TABLE task_tally (
    unit_id INTEGER PRIMARY KEY REFERENCES unit(id),
    total INTEGER NOT NULL DEFAULT 0,
    accepted INTEGER NOT NULL DEFAULT 0,
    on_time INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE TABLE task_open (
    unit_id INTEGER NOT NULL REFERENCES unit(id),
    deadline TEXT NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (unit_id, deadline)
) STRICT, WITHOUT ROWID;
-- The same open counts per month, so "before today" sums whole past months plus the days of
-- this month: a few dozen rows a unit instead of one per deadline.
CREATE TABLE task_open_month (
    unit_id INTEGER NOT NULL REFERENCES unit(id),
    month TEXT NOT NULL,                     -- YYYY-MM
    n INTEGER NOT NULL,
    PRIMARY KEY (unit_id, month)
) STRICT, WITHOUT ROWID;
CREATE INDEX task_deadline ON task(deadline, id);

-- A task's timeline reads the audit records of its object.
CREATE INDEX audit_object ON audit(object);
