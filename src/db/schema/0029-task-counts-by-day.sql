-- Tasks, supervision and notices by day in the registries' roll-up (issue 17: a report's
-- period narrows task.total, task.accepted, task.on_time, supervision.* and notice.* too):
-- tasks on their deadline, accepted ones on the day accepted, supervision records on the day
-- recorded for the task's lead unit, signed notices on the day signed for each addressee; for
-- that unit and every unit above it, on the rows of the day, its month and all days.
CREATE TEMP TABLE task_day_counts AS
SELECT u.id AS unit_id, x.key AS key, x.day AS day, sum(x.n) AS n FROM (
    SELECT lead_unit_id AS unit_id, deadline AS day, 'task.total' AS key, count(*) AS n
    FROM task GROUP BY 1, 2
    UNION ALL
    SELECT lead_unit_id, finished, 'task.accepted', count(*) FROM task
    WHERE state = 'accepted' GROUP BY 1, 2
    UNION ALL
    SELECT lead_unit_id, finished, 'task.on_time', count(*) FROM task
    WHERE state = 'accepted' AND finished <= deadline GROUP BY 1, 2
    UNION ALL
    SELECT t.lead_unit_id, substr(v.created, 1, 10), 'supervision.' || v.kind || 's', count(*)
    FROM supervision v JOIN task t ON t.id = v.task_id WHERE v.kind <> 'notice'
    GROUP BY 1, 2, 3
    UNION ALL
    SELECT nt.unit_id, substr(n.decided, 1, 10), 'notice.' || n.kind || 's', count(*)
    FROM notice_to nt JOIN notice n ON n.id = nt.notice_id WHERE n.state = 'signed'
    GROUP BY 1, 2, 3
) x JOIN unit lu ON lu.id = x.unit_id
JOIN unit u ON lu.path >= u.path AND lu.path < substr(u.path, 1, length(u.path) - 1) || '0'
GROUP BY u.id, x.key, x.day;
INSERT INTO registry_tally(unit_id, key, day, n) SELECT unit_id, key, day, n FROM task_day_counts;
INSERT INTO registry_tally(unit_id, key, day, n)
SELECT unit_id, key, 'm' || substr(day, 1, 7), sum(n) FROM task_day_counts
GROUP BY unit_id, key, substr(day, 1, 7);
INSERT INTO registry_tally(unit_id, key, day, n)
SELECT unit_id, key, '*', sum(n) FROM task_day_counts GROUP BY unit_id, key;
DROP TABLE task_day_counts;
