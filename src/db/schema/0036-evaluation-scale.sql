-- Evaluations on a grade scale (issue 24 item 1): a session names its scale (evaluation4, the
-- four grades of before, unless given) and keeps its points per grade of that scale, in order,
-- as a JSON array (null for a grade not counted), which the four points_* columns held before
-- and no longer do. A ballot stores one letter per official, the grade's position in the scale:
-- E C B I as before for the first four, F G H for the fifth to seventh; every stored ballot and
-- every result stays as it was.
ALTER TABLE evaluation ADD COLUMN scale_code TEXT NOT NULL DEFAULT 'evaluation4';
ALTER TABLE evaluation ADD COLUMN grade_points TEXT;
UPDATE evaluation SET grade_points = json_array(points_excellent, points_competent, points_basic,
                                                points_incompetent);

CREATE TABLE ballot_new (
    eval_id INTEGER NOT NULL REFERENCES evaluation(id),
    id BLOB NOT NULL,                                  -- 16 random bytes
    group_id INTEGER NOT NULL REFERENCES evaluation_group(id),
    grades TEXT NOT NULL CHECK (length(grades) BETWEEN 1 AND 200
                                AND grades NOT GLOB '*[^ECBIFGH]*'),
    comment TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (eval_id, id)
) STRICT, WITHOUT ROWID;
INSERT INTO ballot_new(eval_id, id, group_id, grades, comment)
SELECT eval_id, id, group_id, grades, comment FROM evaluation_ballot;
DROP TABLE evaluation_ballot;
ALTER TABLE ballot_new RENAME TO evaluation_ballot;
