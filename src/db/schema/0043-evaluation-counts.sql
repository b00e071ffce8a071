-- A session's codes and roster counted in its own row and in each voter group's, each insert and
-- change of a code or a voter counting the difference (triggers: every write path counts, the
-- ballot's included), so that the list of sessions and a session's page read a few numbers
-- instead of counting codes and voters (a session of 2,409 voters cost the list 2.6 million
-- instructions per request, its page 3.8 million; tens of thousands of voters ten times that).
ALTER TABLE evaluation ADD COLUMN n_codes INTEGER NOT NULL DEFAULT 0;
ALTER TABLE evaluation ADD COLUMN n_codes_used INTEGER NOT NULL DEFAULT 0;
ALTER TABLE evaluation ADD COLUMN n_voters INTEGER NOT NULL DEFAULT 0;
ALTER TABLE evaluation ADD COLUMN n_voted INTEGER NOT NULL DEFAULT 0;
ALTER TABLE evaluation_group ADD COLUMN n_codes_used INTEGER NOT NULL DEFAULT 0;
ALTER TABLE evaluation_group ADD COLUMN n_voters INTEGER NOT NULL DEFAULT 0;
ALTER TABLE evaluation_group ADD COLUMN n_voted INTEGER NOT NULL DEFAULT 0;
UPDATE evaluation SET
    n_codes = (SELECT count(*) FROM evaluation_code c WHERE c.eval_id = evaluation.id),
    n_codes_used = (SELECT count(*) FROM evaluation_code c WHERE c.eval_id = evaluation.id
                    AND c.used = 1),
    n_voters = (SELECT count(*) FROM evaluation_voter v WHERE v.eval_id = evaluation.id),
    n_voted = (SELECT count(*) FROM evaluation_voter v WHERE v.eval_id = evaluation.id
               AND v.voted = 1);
UPDATE evaluation_group SET
    n_codes_used = (SELECT count(*) FROM evaluation_code c
                    WHERE c.eval_id = evaluation_group.eval_id
                    AND c.group_id = evaluation_group.id AND c.used = 1),
    n_voters = (SELECT count(*) FROM evaluation_voter v WHERE v.eval_id = evaluation_group.eval_id
                AND v.group_id = evaluation_group.id),
    n_voted = (SELECT count(*) FROM evaluation_voter v WHERE v.eval_id = evaluation_group.eval_id
               AND v.group_id = evaluation_group.id AND v.voted = 1);
CREATE TRIGGER evaluation_code_added AFTER INSERT ON evaluation_code BEGIN
    UPDATE evaluation SET n_codes = n_codes + 1, n_codes_used = n_codes_used + new.used
    WHERE id = new.eval_id;
    UPDATE evaluation_group SET n_codes_used = n_codes_used + new.used WHERE id = new.group_id;
END;
CREATE TRIGGER evaluation_code_changed AFTER UPDATE OF used ON evaluation_code
WHEN new.used <> old.used BEGIN
    UPDATE evaluation SET n_codes_used = n_codes_used + new.used - old.used
    WHERE id = new.eval_id;
    UPDATE evaluation_group SET n_codes_used = n_codes_used + new.used - old.used
    WHERE id = new.group_id;
END;
CREATE TRIGGER evaluation_code_removed AFTER DELETE ON evaluation_code BEGIN
    UPDATE evaluation SET n_codes = n_codes - 1, n_codes_used = n_codes_used - old.used
    WHERE id = old.eval_id;
    UPDATE evaluation_group SET n_codes_used = n_codes_used - old.used WHERE id = old.group_id;
END;
CREATE TRIGGER evaluation_voter_added AFTER INSERT ON evaluation_voter BEGIN
    UPDATE evaluation SET n_voters = n_voters + 1, n_voted = n_voted + new.voted
    WHERE id = new.eval_id;
    UPDATE evaluation_group SET n_voters = n_voters + 1, n_voted = n_voted + new.voted
    WHERE id = new.group_id;
END;
CREATE TRIGGER evaluation_voter_changed AFTER UPDATE OF voted ON evaluation_voter
WHEN new.voted <> old.voted BEGIN
    UPDATE evaluation SET n_voted = n_voted + new.voted - old.voted WHERE id = new.eval_id;
    UPDATE evaluation_group SET n_voted = n_voted + new.voted - old.voted WHERE id = new.group_id;
END;
CREATE TRIGGER evaluation_voter_removed AFTER DELETE ON evaluation_voter BEGIN
    UPDATE evaluation SET n_voters = n_voters - 1, n_voted = n_voted - old.voted
    WHERE id = old.eval_id;
    UPDATE evaluation_group SET n_voters = n_voters - 1, n_voted = n_voted - old.voted
    WHERE id = old.group_id;
END;
