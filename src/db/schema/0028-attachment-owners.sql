-- Essays and research reports come as text or as a file (issue 16): the store's owners widen to
-- them. SQLite cannot alter a CHECK, so the table is copied.
CREATE TABLE attachment_new (
    id INTEGER PRIMARY KEY,
    owner TEXT NOT NULL
        CHECK (owner IN ('task', 'opinion', 'evaluation', 'essay', 'research')),
    owner_id INTEGER NOT NULL,
    part_id INTEGER NOT NULL DEFAULT 0,
    name TEXT NOT NULL,
    type TEXT NOT NULL,
    size INTEGER NOT NULL,
    data BLOB NOT NULL
) STRICT;
INSERT INTO attachment_new(id, owner, owner_id, part_id, name, type, size, data)
SELECT id, owner, owner_id, part_id, name, type, size, data FROM attachment;
DROP TABLE attachment;
ALTER TABLE attachment_new RENAME TO attachment;
CREATE INDEX attachment_owner ON attachment(owner, owner_id, part_id);
-- The name of an essay's or a report's file ('' for none), shown in its lists.
ALTER TABLE essay ADD COLUMN file_name TEXT NOT NULL DEFAULT '';
ALTER TABLE research ADD COLUMN file_name TEXT NOT NULL DEFAULT '';
