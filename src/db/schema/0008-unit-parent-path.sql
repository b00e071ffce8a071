-- The units directly below a unit, read in path order from the index itself (the tree pages
-- list them so), without a sort.

DROP INDEX unit_parent;
CREATE INDEX unit_parent ON unit(parent_id, path);
