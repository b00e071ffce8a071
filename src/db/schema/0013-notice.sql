-- Notices (通报, mechanism 2): a praise or a criticism addressed to units, drafted by the
-- supervision office, signed (签发) by a leader of the issuing department, numbered at signing per
-- department and year. They leave the supervision table, which keeps reminders, urges and
-- criticisms on tasks; the old numbered notices move here as signed criticisms of the task's lead
-- unit, with their serial and year, and the roll-up counts notices per kind and addressed unit.

CREATE TABLE notice (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('praise', 'criticism')),
    title TEXT NOT NULL,
    text TEXT NOT NULL,
    task_id INTEGER REFERENCES task(id),            -- the task it is about, if any
    unit_id INTEGER NOT NULL REFERENCES unit(id),   -- the drafter's unit
    dept_id INTEGER NOT NULL REFERENCES unit(id),   -- the issuing department (jurisdiction.h)
    state TEXT NOT NULL CHECK (state IN ('draft', 'signed', 'returned')),
    year INTEGER,                                   -- set at signing
    serial INTEGER,                                 -- set at signing: 督查通报〔year〕serial号
    drafted_by INTEGER REFERENCES account(id),
    signed_by INTEGER REFERENCES account(id),       -- the leader who signed or returned it
    reason TEXT,                                    -- why it was returned
    created TEXT NOT NULL,
    decided TEXT                                    -- when it was signed or returned
) STRICT;
-- not unique: notices numbered before departments existed were numbered per issuing unit
CREATE INDEX notice_serial ON notice(dept_id, year, serial);
CREATE INDEX notice_task ON notice(task_id);

-- The addressees: a unit, or with subtree a unit and every unit below it.
CREATE TABLE notice_to (
    notice_id INTEGER NOT NULL REFERENCES notice(id),
    unit_id INTEGER NOT NULL REFERENCES unit(id),
    subtree INTEGER NOT NULL DEFAULT 0 CHECK (subtree IN (0, 1)),
    PRIMARY KEY (notice_id, unit_id)
) STRICT;
CREATE INDEX notice_to_unit ON notice_to(unit_id);

-- The old notices keep their ids, so that the links /supervision/ID printed on paper still work.
INSERT INTO notice(id, kind, title, text, task_id, unit_id, dept_id, state, year, serial,
                   drafted_by, signed_by, created, decided)
WITH RECURSIVE up(start, id, parent_id, kind, path) AS (
    SELECT u.id, u.id, u.parent_id, u.kind, u.path FROM unit u
    UNION ALL SELECT up.start, u.id, u.parent_id, u.kind, u.path FROM unit u
    JOIN up ON u.id = up.parent_id WHERE up.kind = 'office'),
dept(unit_id, dept_id) AS (
    SELECT start, (SELECT d.id FROM up d WHERE d.start = up.start
                   AND (d.kind <> 'office' OR d.parent_id IS NULL)
                   ORDER BY length(d.path) DESC LIMIT 1)
    FROM up GROUP BY start)
SELECT s.id, 'criticism', '关于「' || t.title || '」落实情况的通报', s.text, s.task_id, s.unit_id,
       coalesce(d.dept_id, s.unit_id), 'signed', s.year, s.serial, s.account_id, s.account_id,
       s.created, s.created
FROM supervision s JOIN task t ON t.id = s.task_id LEFT JOIN dept d ON d.unit_id = s.unit_id
WHERE s.kind = 'notice';
INSERT INTO notice_to(notice_id, unit_id)
SELECT s.id, t.lead_unit_id FROM supervision s JOIN task t ON t.id = s.task_id
WHERE s.kind = 'notice';

-- The supervision of a task without notices.
CREATE TABLE supervision_new (
    id INTEGER PRIMARY KEY,
    task_id INTEGER NOT NULL REFERENCES task(id),
    unit_id INTEGER NOT NULL REFERENCES unit(id),   -- the issuing unit
    kind TEXT NOT NULL CHECK (kind IN ('reminder', 'urge', 'criticism')),
    text TEXT NOT NULL,
    year INTEGER NOT NULL,
    account_id INTEGER REFERENCES account(id),
    created TEXT NOT NULL
) STRICT;
INSERT INTO supervision_new(id, task_id, unit_id, kind, text, year, account_id, created)
SELECT id, task_id, unit_id, kind, text, year, account_id, created FROM supervision
WHERE kind <> 'notice';
DROP TABLE supervision;
ALTER TABLE supervision_new RENAME TO supervision;
CREATE INDEX supervision_task ON supervision(task_id);

-- Notices in the roll-up by kind, counted for every addressed unit and the units above it; the
-- old ones were counted on their task's lead unit, which is now their addressee.
ALTER TABLE task_tally RENAME COLUMN notices TO notice_criticisms;
ALTER TABLE task_tally ADD COLUMN notice_praises INTEGER NOT NULL DEFAULT 0;
