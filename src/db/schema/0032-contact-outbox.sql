-- People's phone and e-mail, their wish for a daily digest, an account that must change its
-- generated password at first sign-in, and the outbox: every inbox message is also written here,
-- in the same transaction, for `taizhang notify` to deliver by webhook and e-mail (issue 22).
ALTER TABLE person ADD COLUMN phone TEXT NOT NULL DEFAULT '';
ALTER TABLE person ADD COLUMN email TEXT NOT NULL DEFAULT '';
ALTER TABLE person ADD COLUMN digest INTEGER NOT NULL DEFAULT 0 CHECK (digest IN (0, 1));
ALTER TABLE account ADD COLUMN must_change INTEGER NOT NULL DEFAULT 0 CHECK (must_change IN (0, 1));

-- One message to a unit's people (person_id 0) or to one person: what happened (kind), its
-- title and text, and the path of the page it is about.
CREATE TABLE outbox (
    id INTEGER PRIMARY KEY,
    created TEXT NOT NULL,
    kind TEXT NOT NULL,
    unit_id INTEGER NOT NULL REFERENCES unit(id),
    person_id INTEGER NOT NULL DEFAULT 0,
    title TEXT NOT NULL,
    text TEXT NOT NULL DEFAULT '',
    path TEXT NOT NULL DEFAULT ''
) STRICT;

-- Each delivery of a message through a channel (webhook:URL, or mail:ADDRESS for a person):
-- pending until sent; every attempt's result; the next try after a failure (back-off).
CREATE TABLE delivery (
    id INTEGER PRIMARY KEY,
    outbox_id INTEGER NOT NULL REFERENCES outbox(id),
    channel TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_try INTEGER NOT NULL DEFAULT 0,
    result TEXT NOT NULL DEFAULT '',
    sent TEXT NOT NULL DEFAULT '',
    UNIQUE (outbox_id, channel)
) STRICT;
CREATE INDEX delivery_pending ON delivery(state, next_try) WHERE state = 'pending';

-- How far each channel has taken messages from the outbox into deliveries.
CREATE TABLE notify_cursor (
    channel TEXT PRIMARY KEY,
    last_id INTEGER NOT NULL
) STRICT;
