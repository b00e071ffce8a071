-- Units directly below a unit, kept by unit.c on every add and move: the tree pages and the
-- unit API read it instead of counting the children of every row they show.

ALTER TABLE unit ADD COLUMN n_children INTEGER NOT NULL DEFAULT 0;
UPDATE unit SET n_children = (SELECT count(*) FROM unit c WHERE c.parent_id = unit.id);
