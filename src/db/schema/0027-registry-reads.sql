-- Registry reads (issue 16). Discipline cases by day: a province's list reads its page from the
-- newest day down instead of probing each of its 935 units for 500 cases (185 requests a second).
CREATE INDEX discipline_day ON discipline(day);
-- Every count of a unit for all days in one short range: the figures page read 32 keys of 15
-- units one seek at a time (4.1 million instructions a request).
CREATE INDEX registry_tally_all ON registry_tally(unit_id, key, n) WHERE day = '*';
-- A contest counts its essays in each submission: its list counted 2,500 essays a row.
ALTER TABLE contest ADD COLUMN n_essays INTEGER NOT NULL DEFAULT 0;
UPDATE contest SET n_essays = (SELECT count(*) FROM essay WHERE essay.contest_id = contest.id);
