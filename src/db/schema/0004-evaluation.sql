-- Duty reports and anonymous democratic evaluation (mechanism 5, speech.txt "年度述职,进行民主评议").
-- Secrecy is a property of these rows, not a policy:
--   * a ballot row holds no voter, no time and no insertion order: it is keyed by 16 random bytes
--     in a WITHOUT ROWID table, so storage and read-back order are unrelated to the order cast;
--   * "has voted" is a flag on the roster (accounts) or on the paper code, set by the same write
--     job that stores the ballot, and nothing links flag and ballot;
--   * the only times are the session's own (opened, closed).

CREATE TABLE evaluation (
    id INTEGER PRIMARY KEY,
    unit_id INTEGER NOT NULL REFERENCES unit(id),      -- the holding unit (organizers in scope)
    title TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('draft', 'open', 'closed')),
    min_group INTEGER NOT NULL DEFAULT 5 CHECK (min_group >= 1),
    points_excellent INTEGER NOT NULL DEFAULT 100,     -- points per grade for the score
    points_competent INTEGER NOT NULL DEFAULT 80,
    points_basic INTEGER NOT NULL DEFAULT 60,
    points_incompetent INTEGER NOT NULL DEFAULT 0,
    opened TEXT,                                       -- when it opened, NULL before
    closed TEXT,                                       -- when it closed, NULL before
    created TEXT NOT NULL
) STRICT;
CREATE INDEX evaluation_unit ON evaluation(unit_id, id);

-- The officials who report (述职), in ballot order, with their duty report.
CREATE TABLE evaluation_candidate (
    eval_id INTEGER NOT NULL REFERENCES evaluation(id),
    person_id INTEGER NOT NULL REFERENCES person(id),
    position INTEGER NOT NULL,                         -- order on the ballot
    report TEXT NOT NULL DEFAULT '',                   -- the duty report's text
    file_name TEXT,                                    -- its attachment, if any
    file_type TEXT,
    file BLOB,
    PRIMARY KEY (eval_id, person_id)
) STRICT;

-- Rater groups (领导班子成员 / 中层干部 / 一般干部 / 服务对象): a weight in the final score; accounts in
-- voter_unit's subtree (with role, when given) and n_codes paper codes vote in the group.
CREATE TABLE evaluation_group (
    id INTEGER PRIMARY KEY,
    eval_id INTEGER NOT NULL REFERENCES evaluation(id),
    name TEXT NOT NULL,
    weight INTEGER NOT NULL CHECK (weight BETWEEN 1 AND 100),
    voter_unit_id INTEGER REFERENCES unit(id),
    role TEXT,
    n_codes INTEGER NOT NULL DEFAULT 0,
    UNIQUE (eval_id, name)
) STRICT;

-- The accounts that may vote, fixed when the session opens. voted is the only trace of a vote.
CREATE TABLE evaluation_voter (
    eval_id INTEGER NOT NULL REFERENCES evaluation(id),
    account_id INTEGER NOT NULL REFERENCES account(id),
    group_id INTEGER NOT NULL REFERENCES evaluation_group(id),
    voted INTEGER NOT NULL DEFAULT 0 CHECK (voted IN (0, 1)),
    PRIMARY KEY (eval_id, account_id)
) STRICT, WITHOUT ROWID;

-- One-time paper codes printed as slips; a used code is only marked used.
CREATE TABLE evaluation_code (
    eval_id INTEGER NOT NULL REFERENCES evaluation(id),
    code TEXT NOT NULL,                                -- 10 characters of Crockford base32
    group_id INTEGER NOT NULL REFERENCES evaluation_group(id),
    used INTEGER NOT NULL DEFAULT 0 CHECK (used IN (0, 1)),
    PRIMARY KEY (eval_id, code)
) STRICT, WITHOUT ROWID;

CREATE TABLE evaluation_ballot (
    eval_id INTEGER NOT NULL REFERENCES evaluation(id),
    id BLOB NOT NULL,                                  -- 16 random bytes
    group_id INTEGER NOT NULL REFERENCES evaluation_group(id),
    comment TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (eval_id, id)
) STRICT, WITHOUT ROWID;

CREATE TABLE evaluation_grade (
    eval_id INTEGER NOT NULL,
    ballot_id BLOB NOT NULL,
    person_id INTEGER NOT NULL,
    grade TEXT NOT NULL CHECK (grade IN ('excellent', 'competent', 'basic', 'incompetent')),
    PRIMARY KEY (eval_id, ballot_id, person_id),
    FOREIGN KEY (eval_id, ballot_id) REFERENCES evaluation_ballot(eval_id, id)
) STRICT, WITHOUT ROWID;

-- A duty report shows the tasks the official is the responsible leader of.
CREATE INDEX task_leader ON task(leader_id);
