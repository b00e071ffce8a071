-- One store for every uploaded file: the attachments of a task's progress reports, of an
-- opinion, and of an official's duty report in an evaluation. owner names the mechanism, owner_id
-- its record (task, opinion, evaluation session) and part_id the part of it (the progress report,
-- the official), so that each mechanism checks its own scope and the store itself is written once.

CREATE TABLE attachment (
    id INTEGER PRIMARY KEY,
    owner TEXT NOT NULL CHECK (owner IN ('task', 'opinion', 'evaluation')),
    owner_id INTEGER NOT NULL,
    part_id INTEGER NOT NULL DEFAULT 0,
    name TEXT NOT NULL,
    type TEXT NOT NULL,
    size INTEGER NOT NULL,
    data BLOB NOT NULL
) STRICT;
CREATE INDEX attachment_owner ON attachment(owner, owner_id, part_id);

INSERT INTO attachment(id, owner, owner_id, part_id, name, type, size, data)
SELECT id, 'task', task_id, progress_id, name, type, size, data FROM task_attachment;
INSERT INTO attachment(owner, owner_id, name, type, size, data)
SELECT 'opinion', opinion_id, name, type, size, data FROM opinion_attachment ORDER BY id;
INSERT INTO attachment(owner, owner_id, part_id, name, type, size, data)
SELECT 'evaluation', eval_id, person_id, file_name, coalesce(file_type, 'application/octet-stream'),
       length(file), file
FROM evaluation_candidate WHERE file_name IS NOT NULL AND file IS NOT NULL;

DROP TABLE task_attachment;
DROP TABLE opinion_attachment;
ALTER TABLE evaluation_candidate DROP COLUMN file_name;
ALTER TABLE evaluation_candidate DROP COLUMN file_type;
ALTER TABLE evaluation_candidate DROP COLUMN file;
