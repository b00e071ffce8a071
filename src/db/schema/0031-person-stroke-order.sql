-- People in surname stroke order (姓氏笔画), as official rosters and candidate lists sort them:
-- a sort key (ICU's zh@collation=stroke, through the stroke_key() function every connection
-- registers) kept by triggers, and an index that lists a unit's people in that order.
ALTER TABLE person ADD COLUMN name_key BLOB;
UPDATE person SET name_key = stroke_key(name);
CREATE TRIGGER person_name_key_insert AFTER INSERT ON person BEGIN
    UPDATE person SET name_key = stroke_key(NEW.name) WHERE id = NEW.id;
END;
CREATE TRIGGER person_name_key_update AFTER UPDATE OF name ON person BEGIN
    UPDATE person SET name_key = stroke_key(NEW.name) WHERE id = NEW.id;
END;
CREATE INDEX person_unit_order ON person(unit_id, name_key);
