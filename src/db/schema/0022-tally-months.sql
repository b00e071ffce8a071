-- The roll-ups keep a row per month too ("mYYYY-MM", sorting after every day), beside the rows
-- per day and the all-days row '*', so a period of a year reads ~12 month rows and the days at
-- its edges instead of a row per day (core/clock.h period_rows): made here from the rows of
-- each day already kept.
INSERT INTO opinion_tally(unit_id, day, channel, collected, consolidated, to_person, replied,
                          satisfied, basic, dissatisfied, thinking, work, style, ability, life)
SELECT unit_id, 'm' || substr(day, 1, 7), channel, sum(collected), sum(consolidated),
       sum(to_person), sum(replied), sum(satisfied), sum(basic), sum(dissatisfied),
       sum(thinking), sum(work), sum(style), sum(ability), sum(life)
FROM opinion_tally WHERE day BETWEEN '0' AND '9' GROUP BY unit_id, substr(day, 1, 7), channel;
INSERT INTO measure_tally(unit_id, day, problems, measures, implemented, verified)
SELECT unit_id, 'm' || substr(day, 1, 7), sum(problems), sum(measures), sum(implemented),
       sum(verified)
FROM measure_tally WHERE day BETWEEN '0' AND '9' GROUP BY unit_id, substr(day, 1, 7);
INSERT INTO outreach_tally(unit_id, day, kind, n, attendees)
SELECT unit_id, 'm' || substr(day, 1, 7), kind, sum(n), sum(attendees)
FROM outreach_tally WHERE day BETWEEN '0' AND '9' GROUP BY unit_id, substr(day, 1, 7), kind;
INSERT INTO registry_tally(unit_id, key, day, n)
SELECT unit_id, key, 'm' || substr(day, 1, 7), sum(n)
FROM registry_tally WHERE day BETWEEN '0' AND '9' GROUP BY unit_id, key, substr(day, 1, 7);
