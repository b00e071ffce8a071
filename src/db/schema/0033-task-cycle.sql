-- Supervision as the offices run it (督查督办, issue 25): the lead unit signs for a task (签收),
-- asks for a later deadline (延期申请) that the issuing unit approves or refuses, and the issuing
-- unit suspends a task (中止) and resumes it; each issuing unit sets the days its lights and
-- warnings count.
ALTER TABLE task ADD COLUMN signed_at TEXT;          -- when the lead unit signed, NULL until then
ALTER TABLE task ADD COLUMN signed_by INTEGER REFERENCES account(id);
ALTER TABLE task ADD COLUMN original_deadline TEXT;  -- the first deadline, once one was extended
ALTER TABLE task ADD COLUMN suspended TEXT;          -- the day it was suspended, NULL when not
ALTER TABLE task ADD COLUMN suspend_reason TEXT NOT NULL DEFAULT '';

-- Every request for a later deadline and its decision; one pending per task at a time.
CREATE TABLE task_extension (
    id INTEGER PRIMARY KEY,
    task_id INTEGER NOT NULL REFERENCES task(id),
    from_day TEXT NOT NULL,                          -- the deadline in force when asked
    to_day TEXT NOT NULL,
    reason TEXT NOT NULL,
    asked_by INTEGER REFERENCES account(id),
    asked_at TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'approved', 'refused')),
    decided_by INTEGER REFERENCES account(id),
    decided_at TEXT,
    decision_reason TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX task_extension_task ON task_extension(task_id);
CREATE UNIQUE INDEX task_extension_pending ON task_extension(task_id) WHERE state = 'pending';

-- The days an issuing unit's supervision counts; a unit without a row has the defaults.
CREATE TABLE supervision_setting (
    unit_id INTEGER PRIMARY KEY REFERENCES unit(id),
    sign_days INTEGER NOT NULL CHECK (sign_days BETWEEN 0 AND 365),
    due_soon_days INTEGER NOT NULL CHECK (due_soon_days BETWEEN 0 AND 365),
    stalled_days INTEGER NOT NULL CHECK (stalled_days BETWEEN 0 AND 365),
    escalate_days INTEGER NOT NULL CHECK (escalate_days BETWEEN 0 AND 365)
) STRICT;

-- The ledger's lists read the deadline index alone (0009); they now show suspension too, and the
-- lights will read the day signed.
DROP INDEX task_deadline;
CREATE INDEX task_deadline ON task(deadline, id, lead_unit_id, leader_id, state, kind, year,
                                   percent, last_activity, title, suspended, signed_at);

-- A milestone may say how far the work should be by its day: a task whose last reported
-- percent is below it once the day has passed is behind plan (a yellow light).
ALTER TABLE task_milestone ADD COLUMN percent INTEGER CHECK (percent BETWEEN 0 AND 100);
