-- Democratic evaluations in the roll-up (issue 17: the indicators evaluation.sessions and
-- evaluation.ballots): each closed session and its ballots, on the day it closed, for the
-- holding unit and every unit above it — on the rows of that day, its month and all days.
CREATE TEMP TABLE evaluation_counts AS
SELECT u.id AS unit_id, x.key AS key, x.day AS day, sum(x.n) AS n FROM (
    SELECT unit_id, substr(coalesce(closed, created), 1, 10) AS day,
           'evaluation.sessions' AS key, count(*) AS n
    FROM evaluation WHERE state = 'closed' GROUP BY 1, 2
    UNION ALL
    SELECT e.unit_id, substr(coalesce(e.closed, e.created), 1, 10), 'evaluation.ballots', count(*)
    FROM evaluation_ballot b JOIN evaluation e ON e.id = b.eval_id WHERE e.state = 'closed'
    GROUP BY 1, 2
) x JOIN unit lu ON lu.id = x.unit_id
JOIN unit u ON lu.path >= u.path AND lu.path < substr(u.path, 1, length(u.path) - 1) || '0'
GROUP BY u.id, x.key, x.day;
INSERT INTO registry_tally(unit_id, key, day, n) SELECT unit_id, key, day, n FROM evaluation_counts;
INSERT INTO registry_tally(unit_id, key, day, n)
SELECT unit_id, key, 'm' || substr(day, 1, 7), sum(n) FROM evaluation_counts
GROUP BY unit_id, key, substr(day, 1, 7);
INSERT INTO registry_tally(unit_id, key, day, n)
SELECT unit_id, key, '*', sum(n) FROM evaluation_counts GROUP BY unit_id, key;
DROP TABLE evaluation_counts;
