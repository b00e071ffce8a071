-- The satisfaction survey (issue 24, 组织工作满意度民意调查): grade scales as data, built in or a
-- unit's own; a survey issued by a unit to collecting units of its subtree, its items (graded,
-- or options to tick), respondent kinds and design weights; counts per collecting unit, kind,
-- item and grade, entered from paper forms (tallied) or added by web and paper-code answers
-- (answered), made when the survey opens so that an answer only adds to counters: nothing
-- stored links an answer to an account, a code, a time or the order answers came in.
CREATE TABLE scale (
    code TEXT PRIMARY KEY,
    unit_id INTEGER REFERENCES unit(id),            -- the owner; NULL for a built-in scale
    name TEXT NOT NULL,
    name_en TEXT NOT NULL DEFAULT ''
) STRICT;

-- Best first; points NULL: tallied and shown, left out of scores and rates (不了解).
CREATE TABLE scale_grade (
    scale_code TEXT NOT NULL REFERENCES scale(code),
    pos INTEGER NOT NULL,
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    name_en TEXT NOT NULL,
    points INTEGER CHECK (points BETWEEN 0 AND 100),
    PRIMARY KEY (scale_code, pos),
    UNIQUE (scale_code, code)
) STRICT, WITHOUT ROWID;

INSERT INTO scale(code, name, name_en) VALUES
    ('evaluation4', '四级评价', 'Four grades of evaluation'),
    ('satisfaction5', '五级满意度', 'Five grades of satisfaction'),
    ('rating3', '三级满意度', 'Three grades of satisfaction'),
    ('selection4', '选人用人民主评议', 'Review of cadre selection');
INSERT INTO scale_grade VALUES
    ('evaluation4', 0, 'excellent', '优秀', 'Excellent', 100),
    ('evaluation4', 1, 'competent', '称职', 'Competent', 80),
    ('evaluation4', 2, 'basic', '基本称职', 'Basically competent', 60),
    ('evaluation4', 3, 'incompetent', '不称职', 'Incompetent', 0),
    ('satisfaction5', 0, 'very_satisfied', '很满意', 'Very satisfied', 100),
    ('satisfaction5', 1, 'satisfied', '满意', 'Satisfied', 80),
    ('satisfaction5', 2, 'basically_satisfied', '基本满意', 'Basically satisfied', 60),
    ('satisfaction5', 3, 'not_very_satisfied', '不太满意', 'Not very satisfied', 30),
    ('satisfaction5', 4, 'dissatisfied', '不满意', 'Dissatisfied', 0),
    ('rating3', 0, 'satisfied', '满意', 'Satisfied', 100),
    ('rating3', 1, 'basic', '基本满意', 'Basically satisfied', 60),
    ('rating3', 2, 'dissatisfied', '不满意', 'Dissatisfied', 0),
    ('selection4', 0, 'satisfied', '满意', 'Satisfied', 100),
    ('selection4', 1, 'basic', '基本满意', 'Basically satisfied', 60),
    ('selection4', 2, 'dissatisfied', '不满意', 'Dissatisfied', 0),
    ('selection4', 3, 'unknown', '不了解', 'Do not know', NULL);

CREATE TABLE survey (
    id INTEGER PRIMARY KEY,
    unit_id INTEGER NOT NULL REFERENCES unit(id),   -- the issuer
    title TEXT NOT NULL,
    scale_code TEXT NOT NULL REFERENCES scale(code),
    period_from TEXT NOT NULL,
    period_to TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'draft' CHECK (state IN ('draft', 'open', 'closed')),
    previous_id INTEGER REFERENCES survey(id),
    overall_item TEXT,                              -- NULL: the mean of the item scores
    threshold REAL,                                 -- an item scored below it is weak
    min_group INTEGER NOT NULL DEFAULT 1 CHECK (min_group >= 1),
    created TEXT NOT NULL
) STRICT;
CREATE INDEX survey_unit ON survey(unit_id);

CREATE TABLE survey_item (
    survey_id INTEGER NOT NULL REFERENCES survey(id),
    pos INTEGER NOT NULL,
    code TEXT NOT NULL,
    text TEXT NOT NULL,
    choices INTEGER NOT NULL DEFAULT 0 CHECK (choices IN (0, 1)), -- options to tick, no score
    problem_id INTEGER REFERENCES problem(id),      -- the problem a weak item became
    PRIMARY KEY (survey_id, pos),
    UNIQUE (survey_id, code)
) STRICT, WITHOUT ROWID;

CREATE TABLE survey_option (
    survey_id INTEGER NOT NULL REFERENCES survey(id),
    item_code TEXT NOT NULL,
    pos INTEGER NOT NULL,
    code TEXT NOT NULL,
    text TEXT NOT NULL,
    PRIMARY KEY (survey_id, item_code, pos),
    UNIQUE (survey_id, item_code, code)
) STRICT, WITHOUT ROWID;

CREATE TABLE survey_kind (
    survey_id INTEGER NOT NULL REFERENCES survey(id),
    pos INTEGER NOT NULL,
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    PRIMARY KEY (survey_id, pos),
    UNIQUE (survey_id, code)
) STRICT, WITHOUT ROWID;

-- The collecting units, each with its design weight (NULL when the survey has none).
CREATE TABLE survey_collector (
    survey_id INTEGER NOT NULL REFERENCES survey(id),
    unit_id INTEGER NOT NULL REFERENCES unit(id),
    weight REAL CHECK (weight > 0),
    PRIMARY KEY (survey_id, unit_id)
) STRICT, WITHOUT ROWID;

-- Answer sheets per collecting unit and kind: paper forms tallied, web and paper-code sheets.
CREATE TABLE survey_sheets (
    survey_id INTEGER NOT NULL,
    unit_id INTEGER NOT NULL,
    kind_code TEXT NOT NULL,
    forms INTEGER NOT NULL DEFAULT 0 CHECK (forms >= 0),
    answered INTEGER NOT NULL DEFAULT 0 CHECK (answered >= 0),
    PRIMARY KEY (survey_id, unit_id, kind_code)
) STRICT, WITHOUT ROWID;

-- Counts per collecting unit, kind, item and grade (or option): tallied from forms, answered on
-- the web and on paper codes. Every row is made when the survey opens.
CREATE TABLE survey_count (
    survey_id INTEGER NOT NULL,
    unit_id INTEGER NOT NULL,
    kind_code TEXT NOT NULL,
    item_code TEXT NOT NULL,
    grade_code TEXT NOT NULL,
    tallied INTEGER NOT NULL DEFAULT 0 CHECK (tallied >= 0),
    answered INTEGER NOT NULL DEFAULT 0 CHECK (answered >= 0),
    PRIMARY KEY (survey_id, unit_id, kind_code, item_code, grade_code)
) STRICT, WITHOUT ROWID;

-- The same counts and sheets summed for every unit from a collecting unit up to the issuer, kept
-- by each tally and answer (made when the survey opens), so that a subtree's results read its
-- own rows and its children's, whatever the number of collecting units.
CREATE TABLE survey_total (
    survey_id INTEGER NOT NULL,
    unit_id INTEGER NOT NULL,
    kind_code TEXT NOT NULL,
    item_code TEXT NOT NULL,
    grade_code TEXT NOT NULL,
    n INTEGER NOT NULL DEFAULT 0 CHECK (n >= 0),
    PRIMARY KEY (survey_id, unit_id, kind_code, item_code, grade_code)
) STRICT, WITHOUT ROWID;
CREATE TABLE survey_total_sheets (
    survey_id INTEGER NOT NULL,
    unit_id INTEGER NOT NULL,
    kind_code TEXT NOT NULL,
    n INTEGER NOT NULL DEFAULT 0 CHECK (n >= 0),
    PRIMARY KEY (survey_id, unit_id, kind_code)
) STRICT, WITHOUT ROWID;

-- The accounts that answered on the web (one sheet each), apart from what they answered.
CREATE TABLE survey_respondent (
    survey_id INTEGER NOT NULL,
    account_id INTEGER NOT NULL,
    PRIMARY KEY (survey_id, account_id)
) STRICT, WITHOUT ROWID;

-- One-time paper codes, issued per collecting unit and kind; used once.
CREATE TABLE survey_code (
    code TEXT PRIMARY KEY,
    survey_id INTEGER NOT NULL REFERENCES survey(id),
    unit_id INTEGER NOT NULL,
    kind_code TEXT NOT NULL,
    used INTEGER NOT NULL DEFAULT 0 CHECK (used IN (0, 1))
) STRICT, WITHOUT ROWID;
