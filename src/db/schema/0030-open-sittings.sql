-- /metrics counts the exam sittings in progress (issue 21): the open ones by their deadline,
-- a few rows however many sittings every exam has had.
CREATE INDEX sitting_open ON sitting(deadline) WHERE state = 'open';
