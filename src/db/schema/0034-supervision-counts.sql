-- The supervision cycle's statistics from incremental counts (issue 25 item 9): each task's
-- figures (signed, late to sign, extended, suspended, accepted on time, rating, light...) are
-- counted in the registries' roll-up on the day the task was issued, for its lead unit and
-- every unit above (task_book.c). booked holds the bits of the figures counted now, one per key
-- (TASK_BOOK_KEYS in task_cycle.h); 0 until the first count (the start-up sweep counts the tasks
-- of an older database). An instruction is done, and counted so, once every task issued from it
-- is accepted.
ALTER TABLE task ADD COLUMN booked INTEGER NOT NULL DEFAULT 0;
ALTER TABLE instruction ADD COLUMN done INTEGER NOT NULL DEFAULT 0 CHECK (done IN (0, 1));

-- What is asked of a unit (asks.c) pages through the tasks it leads in work by the light counted
-- for them (red, yellow, blue, green: the bits 12-15 of booked), then the deadline.
CREATE INDEX task_asks ON task(lead_unit_id, ((booked >> 12) & 15), deadline)
    WHERE state IN ('assigned', 'in_progress', 'returned') AND suspended IS NULL;
