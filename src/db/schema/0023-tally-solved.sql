-- What reports count that the roll-ups could not say (issue 17 item 8): the consolidated
-- opinions about one named leader (the rest are about the leadership as a body), and the
-- problems solved (every measure of theirs implemented), counted for the problem's unit on its
-- day. Made here from the records for the rows of each day, then each month and all days.
ALTER TABLE opinion_tally ADD COLUMN consolidated_to_person INTEGER NOT NULL DEFAULT 0;
ALTER TABLE measure_tally ADD COLUMN solved INTEGER NOT NULL DEFAULT 0;
UPDATE opinion_tally SET consolidated_to_person = x.n
FROM (SELECT u.id AS unit_id, o.day AS day, o.channel AS channel,
             sum(o.consolidated_into IS NULL AND o.target_person_id IS NOT NULL) AS n
      FROM unit u JOIN unit lu ON lu.path >= u.path
                               AND lu.path < substr(u.path, 1, length(u.path) - 1) || '0'
      JOIN opinion o ON o.unit_id = lu.id GROUP BY 1, 2, 3) AS x
WHERE opinion_tally.unit_id = x.unit_id AND opinion_tally.day = x.day
  AND opinion_tally.channel = x.channel;
INSERT INTO measure_tally(unit_id, day, problems, measures, implemented, verified, solved)
SELECT u.id, p.day, 0, 0, 0, 0, count(*)
FROM unit u JOIN unit lu ON lu.path >= u.path
                         AND lu.path < substr(u.path, 1, length(u.path) - 1) || '0'
JOIN problem p ON p.unit_id = lu.id
WHERE EXISTS (SELECT 1 FROM measure m WHERE m.problem_id = p.id)
  AND NOT EXISTS (SELECT 1 FROM measure m WHERE m.problem_id = p.id
                  AND m.state NOT IN ('implemented', 'verified'))
GROUP BY u.id, p.day
ON CONFLICT(unit_id, day) DO UPDATE SET solved = excluded.solved;
UPDATE opinion_tally SET consolidated_to_person = (
    SELECT coalesce(sum(d.consolidated_to_person), 0) FROM opinion_tally d
    WHERE d.unit_id = opinion_tally.unit_id AND d.channel = opinion_tally.channel
      AND d.day BETWEEN '0' AND '9'
      AND (opinion_tally.day = '*' OR substr(d.day, 1, 7) = substr(opinion_tally.day, 2)))
WHERE day = '*' OR day LIKE 'm%';
UPDATE measure_tally SET solved = (
    SELECT coalesce(sum(d.solved), 0) FROM measure_tally d
    WHERE d.unit_id = measure_tally.unit_id AND d.day BETWEEN '0' AND '9'
      AND (measure_tally.day = '*' OR substr(d.day, 1, 7) = substr(measure_tally.day, 2)))
WHERE day = '*' OR day LIKE 'm%';
