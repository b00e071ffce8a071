-- The year a session's duty reports cover (年度述职): the summary of an official's tasks counts
-- that year's tasks. Existing sessions cover the year they were created in.
ALTER TABLE evaluation ADD COLUMN year INTEGER NOT NULL DEFAULT 0;
UPDATE evaluation SET year = CAST(substr(created, 1, 4) AS INTEGER);
