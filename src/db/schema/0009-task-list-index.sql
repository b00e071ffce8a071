-- The ledger lists tasks in deadline order and filters and shows a few columns of each; with
-- those columns in the deadline index a list page reads the index alone, not the table.

DROP INDEX task_deadline;
CREATE INDEX task_deadline ON task(deadline, id, lead_unit_id, leader_id, state, kind, year,
                                   percent, last_activity, title);
