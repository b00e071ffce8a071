-- Training classes, enrolments and test takers counted in the registries' roll-up (issue 17:
-- the indicators training.classes, training.person_times and exam.takers are read from it), for
-- the records already kept: classes and enrolments on the class's first day for its organiser,
-- takers on their first sitting's day (UTC+8) for their unit, in every unit's subtree.
INSERT INTO registry_tally(unit_id, key, day, n)
SELECT u.id, x.key, x.day, sum(x.n) FROM (
    SELECT unit_id, starts AS day, 'training.classes' AS key, count(*) AS n FROM training_class
    GROUP BY 1, 2
    UNION ALL
    SELECT c.unit_id, c.starts, 'training.person_times', count(*) FROM training_enrol e
    JOIN training_class c ON c.id = e.class_id GROUP BY 1, 2
    UNION ALL
    SELECT unit_id, date(started, 'unixepoch', '+8 hours'), 'exam.takers', count(*) FROM sitting
    WHERE attempt = 1 GROUP BY 1, 2
) x JOIN unit lu ON lu.id = x.unit_id
JOIN unit u ON lu.path >= u.path AND lu.path < substr(u.path, 1, length(u.path) - 1) || '0'
WHERE 1 GROUP BY u.id, x.key, x.day;
INSERT INTO registry_tally(unit_id, key, day, n)
SELECT unit_id, key, '*', sum(n) FROM registry_tally
WHERE key IN ('training.classes', 'training.person_times', 'exam.takers') GROUP BY unit_id, key;

-- Period reports (报表): a unit asks its subtree's units of some levels for figures of a
-- period; each of them submits once its submitting units below are accepted, and the level
-- directly above accepts or returns it.
CREATE TABLE report (
    id INTEGER PRIMARY KEY,
    unit_id INTEGER NOT NULL REFERENCES unit(id),   -- the issuer, who accepts the top level
    title TEXT NOT NULL,
    period_from TEXT NOT NULL,                      -- YYYY-MM-DD
    period_to TEXT NOT NULL,
    due TEXT NOT NULL,
    levels TEXT NOT NULL,                           -- the unit kinds that submit, JSON array
    created TEXT NOT NULL
) STRICT;
CREATE INDEX report_unit ON report(unit_id);

-- The indicator codes a report asks for, in order.
CREATE TABLE report_indicator (
    report_id INTEGER NOT NULL REFERENCES report(id),
    pos INTEGER NOT NULL,
    code TEXT NOT NULL,
    PRIMARY KEY (report_id, pos)
) STRICT, WITHOUT ROWID;

-- One per submitting unit. state: open (waiting or ready, as the units below stand),
-- submitted, accepted; a return makes it open again with the reason kept.
CREATE TABLE submission (
    report_id INTEGER NOT NULL REFERENCES report(id),
    unit_id INTEGER NOT NULL REFERENCES unit(id),
    above_id INTEGER NOT NULL REFERENCES unit(id),  -- the submitting unit directly above, or
                                                    -- the issuer: who accepts this one
    state TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'submitted', 'accepted')),
    submitted TEXT,                                 -- when last submitted
    accepted TEXT,
    reason TEXT NOT NULL DEFAULT '',                -- the last return's reason
    summary TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (report_id, unit_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX submission_above ON submission(report_id, above_id);
CREATE INDEX submission_unit ON submission(unit_id, state);

-- The figures frozen at submission: computed ones from the roll-up, hand-entered ones typed.
CREATE TABLE submission_value (
    report_id INTEGER NOT NULL,
    unit_id INTEGER NOT NULL,
    code TEXT NOT NULL,
    value INTEGER NOT NULL,
    PRIMARY KEY (report_id, unit_id, code),
    FOREIGN KEY (report_id, unit_id) REFERENCES submission(report_id, unit_id)
) STRICT, WITHOUT ROWID;
