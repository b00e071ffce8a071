-- A plan's key and routine tasks, counted in each top-level task's insert (issue 18): /plans
-- reads them from the plan's row instead of counting the plan's tasks on every request.
ALTER TABLE plan ADD COLUMN n_key INTEGER NOT NULL DEFAULT 0;
ALTER TABLE plan ADD COLUMN n_routine INTEGER NOT NULL DEFAULT 0;
UPDATE plan SET
    n_key = (SELECT count(*) FROM task t WHERE t.plan_id = plan.id AND t.depth = 0
             AND t.kind = 'key'),
    n_routine = (SELECT count(*) FROM task t WHERE t.plan_id = plan.id AND t.depth = 0
                 AND t.kind = 'routine');
