-- Campaigns in phases (集中学习教育活动, speech.txt "树组工干部形象"): a unit issues an activity to
-- its subtree; each phase has dates and required items; each unit of the subtree marks its items
-- and records its participants (参加活动干部人数). Items whose figure the records hold (opinions,
-- problems, rectification measures) are computed by src/activity/activity.c, never marked.

CREATE TABLE activity (
    id INTEGER PRIMARY KEY,
    unit_id INTEGER NOT NULL REFERENCES unit(id),   -- the issuing unit; its subtree takes part
    title TEXT NOT NULL,
    created TEXT NOT NULL                           -- the day it was issued
) STRICT;
CREATE INDEX activity_issuer ON activity(unit_id);

CREATE TABLE activity_phase (
    id INTEGER PRIMARY KEY,
    activity_id INTEGER NOT NULL REFERENCES activity(id),
    seq INTEGER NOT NULL,                           -- 1, 2, ... in the order given
    name TEXT NOT NULL,
    starts TEXT NOT NULL,                           -- first day, YYYY-MM-DD
    ends TEXT NOT NULL,                             -- last day, not before starts
    UNIQUE (activity_id, seq)
) STRICT;

CREATE TABLE activity_item (
    id INTEGER PRIMARY KEY,
    activity_id INTEGER NOT NULL REFERENCES activity(id),
    phase_id INTEGER NOT NULL REFERENCES activity_phase(id),
    seq INTEGER NOT NULL,                           -- order within the activity
    code TEXT NOT NULL,                             -- unique within the activity
    name TEXT NOT NULL,
    UNIQUE (activity_id, code)
) STRICT;

-- A unit's state of one item; no row: not done.
CREATE TABLE activity_mark (
    item_id INTEGER NOT NULL REFERENCES activity_item(id),
    unit_id INTEGER NOT NULL REFERENCES unit(id),
    done INTEGER NOT NULL CHECK (done IN (0, 1)),
    count INTEGER CHECK (count >= 0),               -- NULL when none was given
    note TEXT NOT NULL DEFAULT '',
    account_id INTEGER REFERENCES account(id),      -- who marked it; NULL from the command line
    marked TEXT NOT NULL,                           -- when (clock_now: YYYY-MM-DDTHH:MM:SS+08:00)
    PRIMARY KEY (item_id, unit_id)
) STRICT, WITHOUT ROWID;

-- A unit's participating cadres (参加活动干部人数).
CREATE TABLE activity_unit (
    activity_id INTEGER NOT NULL REFERENCES activity(id),
    unit_id INTEGER NOT NULL REFERENCES unit(id),
    participants INTEGER NOT NULL CHECK (participants >= 0),
    account_id INTEGER REFERENCES account(id),
    marked TEXT NOT NULL,
    PRIMARY KEY (activity_id, unit_id)
) STRICT, WITHOUT ROWID;
