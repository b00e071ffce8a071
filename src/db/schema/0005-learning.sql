-- Learning (mechanism 6): the question bank, knowledge tests drawn from it, and training classes
-- with enrolment and attendance. Exam times are seconds since the epoch, shown in local time.

CREATE TABLE question (
    id INTEGER PRIMARY KEY,
    unit_id INTEGER NOT NULL REFERENCES unit(id),  -- owner; exams of it and below draw from it
    kind TEXT NOT NULL CHECK (kind IN ('single', 'multiple', 'truefalse')),
    category TEXT NOT NULL,                        -- e.g. a chapter of a study book
    difficulty INTEGER NOT NULL CHECK (difficulty BETWEEN 1 AND 3),
    text TEXT NOT NULL,
    options TEXT NOT NULL,                         -- JSON array of the option texts
    n_options INTEGER NOT NULL CHECK (n_options BETWEEN 2 AND 8),
    answer INTEGER NOT NULL CHECK (answer > 0),    -- bit i set: option i is right
    explanation TEXT NOT NULL DEFAULT '',
    created TEXT NOT NULL
) STRICT;
CREATE INDEX question_pool ON question(unit_id, category, difficulty);

CREATE TABLE exam (
    id INTEGER PRIMARY KEY,
    unit_id INTEGER NOT NULL REFERENCES unit(id),           -- the organiser
    examinee_unit_id INTEGER NOT NULL REFERENCES unit(id),  -- accounts in its subtree may sit
    title TEXT NOT NULL,
    minutes INTEGER NOT NULL CHECK (minutes BETWEEN 1 AND 600),
    opens INTEGER NOT NULL,
    closes INTEGER NOT NULL,
    pass_score INTEGER NOT NULL CHECK (pass_score BETWEEN 0 AND 100),
    sittings INTEGER NOT NULL DEFAULT 1 CHECK (sittings BETWEEN 1 AND 10),
    partial INTEGER NOT NULL DEFAULT 0,  -- multiple choice: half credit for a right subset
    n_questions INTEGER NOT NULL,
    created TEXT NOT NULL
) STRICT;
CREATE INDEX exam_unit ON exam(unit_id);
CREATE INDEX exam_examinee ON exam(examinee_unit_id);

-- The composition: count questions of a category (and a difficulty, or any when NULL).
CREATE TABLE exam_rule (
    exam_id INTEGER NOT NULL REFERENCES exam(id),
    pos INTEGER NOT NULL,
    category TEXT NOT NULL,
    difficulty INTEGER,
    count INTEGER NOT NULL CHECK (count BETWEEN 1 AND 200),
    PRIMARY KEY (exam_id, pos)
) STRICT, WITHOUT ROWID;

-- One examinee's sitting of an exam. score (0-100) is set when graded: on submit, or after the
-- deadline (state 'timeout') with the answers saved before it.
CREATE TABLE sitting (
    id INTEGER PRIMARY KEY,
    exam_id INTEGER NOT NULL REFERENCES exam(id),
    account_id INTEGER NOT NULL REFERENCES account(id),
    unit_id INTEGER NOT NULL REFERENCES unit(id),  -- the examinee's unit at the start
    attempt INTEGER NOT NULL,
    started INTEGER NOT NULL,
    deadline INTEGER NOT NULL,                     -- the earlier of start + minutes and closes
    state TEXT NOT NULL CHECK (state IN ('open', 'submitted', 'timeout')),
    finished INTEGER,
    score REAL,
    UNIQUE (exam_id, account_id, attempt)
) STRICT;
-- (exam, state, deadline): grading the sittings whose time is up reads only those.
CREATE INDEX sitting_exam ON sitting(exam_id, state, deadline);

-- The paper of a sitting: its questions in order, the option order shown (original indexes as
-- digits, '2031'), the answer saved (a bit mask of original indexes) and the credit graded.
CREATE TABLE sitting_item (
    sitting_id INTEGER NOT NULL REFERENCES sitting(id),
    question_id INTEGER NOT NULL REFERENCES question(id),
    pos INTEGER NOT NULL,
    shown TEXT NOT NULL,
    choice INTEGER,
    credit REAL,
    PRIMARY KEY (sitting_id, question_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE training_class (
    id INTEGER PRIMARY KEY,
    unit_id INTEGER NOT NULL REFERENCES unit(id),  -- the organiser
    title TEXT NOT NULL,
    starts TEXT NOT NULL,                          -- YYYY-MM-DD
    ends TEXT NOT NULL,
    place TEXT NOT NULL DEFAULT '',
    capacity INTEGER NOT NULL CHECK (capacity BETWEEN 1 AND 100000),
    sessions INTEGER NOT NULL CHECK (sessions BETWEEN 1 AND 100),
    created TEXT NOT NULL
) STRICT;
CREATE INDEX training_class_unit ON training_class(unit_id, starts);

-- Units whose people the class is for; none: anyone in the organiser's subtree.
CREATE TABLE training_target (
    class_id INTEGER NOT NULL REFERENCES training_class(id),
    unit_id INTEGER NOT NULL REFERENCES unit(id),
    PRIMARY KEY (class_id, unit_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE training_enrol (
    class_id INTEGER NOT NULL REFERENCES training_class(id),
    person_id INTEGER NOT NULL REFERENCES person(id),
    day TEXT NOT NULL,
    PRIMARY KEY (class_id, person_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX training_enrol_person ON training_enrol(person_id);

CREATE TABLE training_attend (
    class_id INTEGER NOT NULL REFERENCES training_class(id),
    person_id INTEGER NOT NULL REFERENCES person(id),
    session INTEGER NOT NULL,
    PRIMARY KEY (class_id, person_id, session)
) STRICT, WITHOUT ROWID;
