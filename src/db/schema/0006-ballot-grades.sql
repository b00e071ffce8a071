-- A ballot's grades move into its own row: one letter per official in ballot order (E excellent,
-- C competent, B basic, I incompetent), so casting a ballot writes one row instead of one per
-- official. The row keeps its random key and still names no voter and no time.

CREATE TABLE ballot_new (
    eval_id INTEGER NOT NULL REFERENCES evaluation(id),
    id BLOB NOT NULL,                                  -- 16 random bytes
    group_id INTEGER NOT NULL REFERENCES evaluation_group(id),
    grades TEXT NOT NULL CHECK (length(grades) BETWEEN 1 AND 200 AND grades NOT GLOB '*[^ECBI]*'),
    comment TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (eval_id, id)
) STRICT, WITHOUT ROWID;

INSERT INTO ballot_new(eval_id, id, group_id, grades, comment)
SELECT b.eval_id, b.id, b.group_id, (
    SELECT group_concat(letter, '') FROM (
        SELECT CASE v.grade WHEN 'excellent' THEN 'E' WHEN 'competent' THEN 'C'
                            WHEN 'basic' THEN 'B' ELSE 'I' END AS letter
        FROM evaluation_grade v JOIN evaluation_candidate c
            ON c.eval_id = v.eval_id AND c.person_id = v.person_id
        WHERE v.eval_id = b.eval_id AND v.ballot_id = b.id
        ORDER BY c.position)), b.comment
FROM evaluation_ballot b;

DROP TABLE evaluation_grade;
DROP TABLE evaluation_ballot;
ALTER TABLE ballot_new RENAME TO evaluation_ballot;
