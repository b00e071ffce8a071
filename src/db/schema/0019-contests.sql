-- Essay contests (征文; issue 16 item 3): a unit's contest with its period, quotas and reviewers
-- (accounts of the organizing unit); essays submitted by units below it, each scored 0-100 by
-- every reviewer; awards by mean into the quotas, a tie at a quota's edge left undecided
-- (tied = 1) for the organizer; an essay published somewhere, or instructed by a leader.
CREATE TABLE contest (
    id INTEGER PRIMARY KEY,
    unit_id INTEGER NOT NULL REFERENCES unit(id),
    title TEXT NOT NULL,
    starts TEXT NOT NULL,
    ends TEXT NOT NULL,
    q_first INTEGER NOT NULL,
    q_second INTEGER NOT NULL,
    q_third INTEGER NOT NULL,
    awarded TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX contest_unit_day ON contest(unit_id, starts);

CREATE TABLE contest_reviewer (
    contest_id INTEGER NOT NULL REFERENCES contest(id),
    account_id INTEGER NOT NULL REFERENCES account(id),
    PRIMARY KEY (contest_id, account_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE essay (
    id INTEGER PRIMARY KEY,
    contest_id INTEGER NOT NULL REFERENCES contest(id),
    seq INTEGER NOT NULL,
    unit_id INTEGER NOT NULL REFERENCES unit(id),
    title TEXT NOT NULL,
    author_id INTEGER NOT NULL REFERENCES person(id),
    body TEXT NOT NULL,
    submitted TEXT NOT NULL,
    tier TEXT NOT NULL DEFAULT '',
    tied INTEGER NOT NULL DEFAULT 0,
    awarded TEXT NOT NULL DEFAULT '',
    published TEXT NOT NULL DEFAULT '',
    published_day TEXT NOT NULL DEFAULT '',
    instructed TEXT NOT NULL DEFAULT '',
    instructed_day TEXT NOT NULL DEFAULT '',
    UNIQUE (contest_id, seq)
) STRICT;
CREATE INDEX essay_unit ON essay(unit_id, submitted);

CREATE TABLE essay_score (
    essay_id INTEGER NOT NULL REFERENCES essay(id),
    account_id INTEGER NOT NULL REFERENCES account(id),
    score INTEGER NOT NULL CHECK (score BETWEEN 0 AND 100),
    PRIMARY KEY (essay_id, account_id)
) STRICT, WITHOUT ROWID;
