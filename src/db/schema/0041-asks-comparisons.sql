-- The index of the tasks in work, task_asks, names its tasks by comparisons, not by a list of
-- their states: SQLite built a temporary index of the list on every insert of a task and every
-- change of one (the figures that each change of a task books, a fifth of a task import). The
-- queries that read the index name the tasks the same way (task_int.h, TASK_ASKED).
DROP INDEX task_asks;
CREATE INDEX task_asks ON task(lead_unit_id, ((booked >> 12) & 15), deadline, id, state, suspended)
    WHERE (state = 'assigned' OR state = 'in_progress' OR state = 'returned')
    AND suspended IS NULL;
