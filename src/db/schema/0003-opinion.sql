-- Opinion solicitation, the rectification ledger and replies (mechanisms 3 and 4).
-- Anonymity is a property of these rows: an opinion from the public holds no account, no client
-- address and no time finer than the day; its tracking code is stored only as a hash.

CREATE TABLE campaign (
    id INTEGER PRIMARY KEY,
    unit_id INTEGER NOT NULL REFERENCES unit(id),
    title TEXT NOT NULL,
    starts TEXT NOT NULL,                    -- YYYY-MM-DD
    ends TEXT NOT NULL
) STRICT;
CREATE INDEX campaign_unit ON campaign(unit_id);

-- Outreach counted per unit: letters sent, forums held (with attendees), people visited...
CREATE TABLE outreach (
    id INTEGER PRIMARY KEY,
    unit_id INTEGER NOT NULL REFERENCES unit(id),
    campaign_id INTEGER REFERENCES campaign(id),
    kind TEXT NOT NULL CHECK (kind IN ('letters', 'forums', 'visits', 'questionnaires_out',
                                       'questionnaires_back', 'notices', 'hotlines', 'boxes')),
    count INTEGER NOT NULL CHECK (count >= 0),
    attendees INTEGER NOT NULL DEFAULT 0,
    day TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX outreach_unit ON outreach(unit_id, day);
CREATE INDEX outreach_campaign ON outreach(campaign_id);

-- Public opinions take a random id (and a random search rowid), so neither their order nor
-- their neighbours tell when they arrived; staff entries count up from the largest id.
CREATE TABLE opinion (
    id INTEGER PRIMARY KEY,
    unit_id INTEGER NOT NULL REFERENCES unit(id),     -- the unit it is about / that handles it
    campaign_id INTEGER REFERENCES campaign(id),      -- the campaign that gathered it, if any
    channel TEXT NOT NULL CHECK (channel IN ('hotline', 'box', 'notice', 'form', 'forum', 'visit',
                                             'questionnaire', 'letter', 'web')),
    area TEXT CHECK (area IN ('thinking', 'work', 'style', 'ability', 'life')),
    target_person_id INTEGER REFERENCES person(id),   -- NULL: the leadership as a body (班子)
    content TEXT NOT NULL,
    contact TEXT,                                     -- only when the author chose to give one
    day TEXT NOT NULL,                                -- the day received, never a time
    account_id INTEGER REFERENCES account(id),        -- staff who entered it; NULL from the public
    tracking_hash BLOB,                               -- BLAKE2b of the code shown to the author
    consolidated_into INTEGER REFERENCES opinion(id), -- merged into another (梳理)
    reply TEXT,
    reply_day TEXT,
    rating TEXT CHECK (rating IN ('satisfied', 'basic', 'dissatisfied'))
) STRICT;
CREATE INDEX opinion_unit ON opinion(unit_id, day, id);
CREATE INDEX opinion_merged ON opinion(consolidated_into) WHERE consolidated_into IS NOT NULL;
-- Partial, so the planner's statistics count the public opinions only (most rows have no code).
CREATE UNIQUE INDEX opinion_tracking ON opinion(tracking_hash) WHERE tracking_hash IS NOT NULL;

-- Files attached to an opinion by staff (a letter's scan, a forum's minutes).
CREATE TABLE opinion_attachment (
    id INTEGER PRIMARY KEY,
    opinion_id INTEGER NOT NULL REFERENCES opinion(id),
    name TEXT NOT NULL,
    type TEXT NOT NULL,
    size INTEGER NOT NULL,
    data BLOB NOT NULL
) STRICT;
CREATE INDEX opinion_attachment_opinion ON opinion_attachment(opinion_id);

CREATE TABLE problem (
    id INTEGER PRIMARY KEY,
    unit_id INTEGER NOT NULL REFERENCES unit(id),
    title TEXT NOT NULL,
    area TEXT NOT NULL CHECK (area IN ('thinking', 'work', 'style', 'ability', 'life')),
    source TEXT NOT NULL CHECK (source IN ('opinion', 'self')),
    day TEXT NOT NULL
) STRICT;
CREATE INDEX problem_unit ON problem(unit_id);

CREATE TABLE problem_opinion (
    problem_id INTEGER NOT NULL REFERENCES problem(id),
    opinion_id INTEGER NOT NULL REFERENCES opinion(id),
    PRIMARY KEY (problem_id, opinion_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX problem_opinion_opinion ON problem_opinion(opinion_id);

CREATE TABLE measure (
    id INTEGER PRIMARY KEY,
    problem_id INTEGER NOT NULL REFERENCES problem(id),
    unit_id INTEGER NOT NULL REFERENCES unit(id),
    title TEXT NOT NULL,
    owner_id INTEGER NOT NULL REFERENCES person(id),
    deadline TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('open', 'in_progress', 'implemented', 'verified')),
    evidence TEXT NOT NULL DEFAULT '',
    public INTEGER NOT NULL DEFAULT 0,
    implemented_by INTEGER REFERENCES account(id),
    implemented_day TEXT,
    verified_day TEXT
) STRICT;
CREATE INDEX measure_problem ON measure(problem_id);
CREATE INDEX measure_unit ON measure(unit_id, state);

-- Full-text search over opinions, problems and measures. Chinese has no spaces, so the text is
-- indexed as overlapping character pairs (bigrams) and single characters; a query of two
-- characters is one token. unit_id keeps results inside the caller's scope. Queries are ANDs of
-- single tokens, so the index keeps no positions (detail=none): writes cost about half.
CREATE VIRTUAL TABLE search USING fts5(body, kind UNINDEXED, ref UNINDEXED, unit_id UNINDEXED,
                                       tokenize = 'unicode61', detail = 'none');
-- Public opinions wait here to be indexed in batches (searched by their text meanwhile): a write
-- to the index inside its own savepoint costs a flush of the index each time.
CREATE TABLE search_queue (
    opinion_id INTEGER PRIMARY KEY REFERENCES opinion(id)
) STRICT;
-- How many texts hold each token: "similar opinions" look for the rarest tokens they share.
CREATE VIRTUAL TABLE search_vocab USING fts5vocab(search, 'row');

-- Roll-up counts kept in the same write as every change, so statistics never scan opinions: one
-- row per unit whose subtree holds the record (the unit and every unit above it), per day and
-- channel (the areas are columns) or outreach kind. Days are the opinion's or the problem's day,
-- so any period is a range of rows; day '*' holds every day's total, so a roll-up without a
-- period reads a few rows. Rebuilt from the records by opinion_tally_rebuild() after a unit move.
CREATE TABLE opinion_tally (
    unit_id INTEGER NOT NULL REFERENCES unit(id),
    day TEXT NOT NULL,
    channel TEXT NOT NULL,
    collected INTEGER NOT NULL DEFAULT 0,
    consolidated INTEGER NOT NULL DEFAULT 0,   -- not merged into another
    to_person INTEGER NOT NULL DEFAULT 0,      -- about one named leader, not the body
    replied INTEGER NOT NULL DEFAULT 0,
    satisfied INTEGER NOT NULL DEFAULT 0,
    basic INTEGER NOT NULL DEFAULT 0,
    dissatisfied INTEGER NOT NULL DEFAULT 0,
    thinking INTEGER NOT NULL DEFAULT 0,       -- collected per area, in the same row
    work INTEGER NOT NULL DEFAULT 0,
    style INTEGER NOT NULL DEFAULT 0,
    ability INTEGER NOT NULL DEFAULT 0,
    life INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (unit_id, day, channel)
) STRICT, WITHOUT ROWID;
CREATE TABLE measure_tally (
    unit_id INTEGER NOT NULL REFERENCES unit(id),
    day TEXT NOT NULL,                          -- the problem's day
    problems INTEGER NOT NULL DEFAULT 0,
    measures INTEGER NOT NULL DEFAULT 0,
    implemented INTEGER NOT NULL DEFAULT 0,     -- implemented or verified
    verified INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (unit_id, day)
) STRICT, WITHOUT ROWID;
-- Measures not yet implemented, per deadline: overdue = those with a deadline before today.
CREATE TABLE measure_open (
    unit_id INTEGER NOT NULL REFERENCES unit(id),
    deadline TEXT NOT NULL,
    n INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (unit_id, deadline)
) STRICT, WITHOUT ROWID;
CREATE TABLE outreach_tally (
    unit_id INTEGER NOT NULL REFERENCES unit(id),
    day TEXT NOT NULL,
    kind TEXT NOT NULL,
    n INTEGER NOT NULL DEFAULT 0,
    attendees INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (unit_id, day, kind)
) STRICT, WITHOUT ROWID;
CREATE INDEX opinion_campaign ON opinion(campaign_id) WHERE campaign_id IS NOT NULL;
CREATE INDEX measure_public ON measure(unit_id, public, state);

-- Reply templates that staff answer many opinions with at once.
CREATE TABLE reply_template (
    id INTEGER PRIMARY KEY,
    unit_id INTEGER NOT NULL REFERENCES unit(id),
    title TEXT NOT NULL,
    text TEXT NOT NULL
) STRICT;
