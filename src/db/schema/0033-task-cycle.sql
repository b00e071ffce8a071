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

-- A leader's written instruction (领导批示) on a report, document or essay, recorded by the
-- unit's staff; tasks issued from it carry its id, and its leader hears when the last is accepted.
CREATE TABLE instruction (
    id INTEGER PRIMARY KEY,
    unit_id INTEGER NOT NULL REFERENCES unit(id),
    leader_id INTEGER NOT NULL REFERENCES person(id),
    day TEXT NOT NULL,
    text TEXT NOT NULL,
    on_title TEXT NOT NULL,
    on_kind TEXT CHECK (on_kind IN ('report', 'document', 'essay')),
    recorded_by INTEGER REFERENCES account(id),
    created TEXT NOT NULL
) STRICT;
CREATE INDEX instruction_unit ON instruction(unit_id, day);
-- the reports that wait for an issuing unit's acceptance (what is asked of it)
CREATE INDEX task_reported ON task(assigner_unit_id, deadline) WHERE state = 'reported';
ALTER TABLE task ADD COLUMN instruction_id INTEGER REFERENCES instruction(id);
CREATE INDEX task_instruction ON task(instruction_id) WHERE instruction_id IS NOT NULL;
-- the issuing unit's judgement of the work on acceptance, on the public rating's grades
ALTER TABLE task ADD COLUMN rating TEXT CHECK (rating IN ('satisfied', 'basic', 'dissatisfied'));
-- the deadline in force for which the responsible leader was told the task is late (once each)
ALTER TABLE task ADD COLUMN escalated TEXT;

-- The outbox is the one store of messages: besides a unit's staff or one person, a message may
-- be addressed to one account, name its task or instruction, and be marked read in the inbox.
ALTER TABLE outbox ADD COLUMN account_id INTEGER REFERENCES account(id);
ALTER TABLE outbox ADD COLUMN task_id INTEGER;
ALTER TABLE outbox ADD COLUMN instruction_id INTEGER;
ALTER TABLE outbox ADD COLUMN read INTEGER NOT NULL DEFAULT 0 CHECK (read IN (0, 1));
CREATE INDEX outbox_account ON outbox(account_id) WHERE account_id IS NOT NULL;
CREATE INDEX outbox_unit ON outbox(unit_id, person_id);
