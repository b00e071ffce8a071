-- Supervision counts in the roll-up: the reminders, urges, criticisms and notices on the tasks
-- led in each unit's subtree, kept in the same write as the record, so that statistics count
-- supervision without reading the records.

ALTER TABLE task_tally ADD COLUMN reminders INTEGER NOT NULL DEFAULT 0;
ALTER TABLE task_tally ADD COLUMN urges INTEGER NOT NULL DEFAULT 0;
ALTER TABLE task_tally ADD COLUMN criticisms INTEGER NOT NULL DEFAULT 0;
ALTER TABLE task_tally ADD COLUMN notices INTEGER NOT NULL DEFAULT 0;
UPDATE task_tally SET reminders = s.r, urges = s.u, criticisms = s.c, notices = s.n
FROM (SELECT u.id AS unit_id, sum(v.kind = 'reminder') AS r, sum(v.kind = 'urge') AS u,
             sum(v.kind = 'criticism') AS c, sum(v.kind = 'notice') AS n
      FROM unit u JOIN unit lu ON lu.path >= u.path
                               AND lu.path < substr(u.path, 1, length(u.path) - 1) || '0'
      JOIN task t ON t.lead_unit_id = lu.id JOIN supervision v ON v.task_id = t.id
      GROUP BY u.id) AS s
WHERE task_tally.unit_id = s.unit_id;
