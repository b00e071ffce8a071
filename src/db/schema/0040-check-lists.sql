-- A CHECK of a column against a list of three values or more costs SQLite a temporary index on
-- every insert and update that checks it (the list is built again each time the statement
-- runs): a unit import spent half its time so, a task import a good part. Each such check is
-- written again as comparisons that mean the same (NULL passes both), in the schema's text
-- alone: the rows are as before, and SQLite's own procedure for a change that leaves the
-- stored format alone (the ALTER TABLE documentation, "other kinds of table schema changes")
-- needs no rebuild of the tables that every other table references. Migration 0038 did the
-- same for the rules by rebuilding their tables.
PRAGMA writable_schema = ON;
UPDATE sqlite_schema SET sql = replace(sql,
    'kind IN (''province'',''city'',''county'',''township'',''department'',' ||
    '''office'',''other'')',
    '(kind = ''province'' OR kind = ''city'' OR kind = ''county'' OR kind ' ||
    '= ''township'' OR kind = ''department'' OR kind = ''office'' OR kind ' ||
    '= ''other'')')
    WHERE type = 'table' AND name = 'unit';
UPDATE sqlite_schema SET sql = replace(sql,
    'role IN (''admin'',''unit_admin'',''leader'',''staff'',''supervisor'',' ||
    '''cadre'')',
    '(role = ''admin'' OR role = ''unit_admin'' OR role = ''leader'' OR ' ||
    'role = ''staff'' OR role = ''supervisor'' OR role = ''cadre'')')
    WHERE type = 'table' AND name = 'account';
UPDATE sqlite_schema SET sql = replace(sql,
    'state IN (''assigned'', ''in_progress'', ''reported'', ''accepted'',' ||
    '
                                         ''returned'')',
    '(state = ''assigned'' OR state = ''in_progress'' OR state = ''reported'' ' ||
    'OR state = ''accepted'' OR state = ''returned'')')
    WHERE type = 'table' AND name = 'task';
UPDATE sqlite_schema SET sql = replace(sql,
    'rating IN (''satisfied'', ''basic'', ''dissatisfied'')',
    '(rating = ''satisfied'' OR rating = ''basic'' OR rating = ''dissatisfied'')')
    WHERE type = 'table' AND name = 'task';
UPDATE sqlite_schema SET sql = replace(sql,
    'kind IN (''letters'', ''forums'', ''visits'', ''questionnaires_out'',' ||
    '
                                       ''questionnaires_back'',' ||
    ' ''notices'', ''hotlines'', ''boxes'')',
    '(kind = ''letters'' OR kind = ''forums'' OR kind = ''visits'' OR kind ' ||
    '= ''questionnaires_out'' OR kind = ''questionnaires_back'' OR kind ' ||
    '= ''notices'' OR kind = ''hotlines'' OR kind = ''boxes'')')
    WHERE type = 'table' AND name = 'outreach';
UPDATE sqlite_schema SET sql = replace(sql,
    'channel IN (''hotline'', ''box'', ''notice'', ''form'', ''forum'', ''visit'',' ||
    '
                                             ''questionnaire'',' ||
    ' ''letter'', ''web'')',
    '(channel = ''hotline'' OR channel = ''box'' OR channel = ''notice'' ' ||
    'OR channel = ''form'' OR channel = ''forum'' OR channel = ''visit'' ' ||
    'OR channel = ''questionnaire'' OR channel = ''letter'' OR channel ' ||
    '= ''web'')')
    WHERE type = 'table' AND name = 'opinion';
UPDATE sqlite_schema SET sql = replace(sql,
    'area IN (''thinking'', ''work'', ''style'', ''ability'', ''life'')',
    '(area = ''thinking'' OR area = ''work'' OR area = ''style'' OR area ' ||
    '= ''ability'' OR area = ''life'')')
    WHERE type = 'table' AND name = 'opinion';
UPDATE sqlite_schema SET sql = replace(sql,
    'rating IN (''satisfied'', ''basic'', ''dissatisfied'')',
    '(rating = ''satisfied'' OR rating = ''basic'' OR rating = ''dissatisfied'')')
    WHERE type = 'table' AND name = 'opinion';
UPDATE sqlite_schema SET sql = replace(sql,
    'area IN (''thinking'', ''work'', ''style'', ''ability'', ''life'')',
    '(area = ''thinking'' OR area = ''work'' OR area = ''style'' OR area ' ||
    '= ''ability'' OR area = ''life'')')
    WHERE type = 'table' AND name = 'problem';
UPDATE sqlite_schema SET sql = replace(sql,
    'state IN (''open'', ''in_progress'', ''implemented'', ''verified'')',
    '(state = ''open'' OR state = ''in_progress'' OR state = ''implemented'' ' ||
    'OR state = ''verified'')')
    WHERE type = 'table' AND name = 'measure';
UPDATE sqlite_schema SET sql = replace(sql,
    'state IN (''draft'', ''open'', ''closed'')',
    '(state = ''draft'' OR state = ''open'' OR state = ''closed'')')
    WHERE type = 'table' AND name = 'evaluation';
UPDATE sqlite_schema SET sql = replace(sql,
    'kind IN (''single'', ''multiple'', ''truefalse'')',
    '(kind = ''single'' OR kind = ''multiple'' OR kind = ''truefalse'')')
    WHERE type = 'table' AND name = 'question';
UPDATE sqlite_schema SET sql = replace(sql,
    'state IN (''open'', ''submitted'', ''timeout'')',
    '(state = ''open'' OR state = ''submitted'' OR state = ''timeout'')')
    WHERE type = 'table' AND name = 'sitting';
UPDATE sqlite_schema SET sql = replace(sql,
    'state IN (''draft'', ''signed'', ''returned'')',
    '(state = ''draft'' OR state = ''signed'' OR state = ''returned'')')
    WHERE type = 'table' AND name = 'notice';
UPDATE sqlite_schema SET sql = replace(sql,
    'kind IN (''reminder'', ''urge'', ''criticism'')',
    '(kind = ''reminder'' OR kind = ''urge'' OR kind = ''criticism'')')
    WHERE type = 'table' AND name = 'supervision';
UPDATE sqlite_schema SET sql = replace(sql,
    'level IN (''county'',''city'',''province'',''central'')',
    '(level = ''county'' OR level = ''city'' OR level = ''province'' OR ' ||
    'level = ''central'')')
    WHERE type = 'table' AND name = 'commendation';
UPDATE sqlite_schema SET sql = replace(sql,
    'level IN (''county'',''city'',''province'',''central'')',
    '(level = ''county'' OR level = ''city'' OR level = ''province'' OR ' ||
    'level = ''central'')')
    WHERE type = 'table' AND name = 'media';
UPDATE sqlite_schema SET sql = replace(sql,
    'kind IN (''report'',''article'',''broadcast'')',
    '(kind = ''report'' OR kind = ''article'' OR kind = ''broadcast'')')
    WHERE type = 'table' AND name = 'media';
UPDATE sqlite_schema SET sql = replace(sql,
    'kind IN (''conference'',''leadership'',''forum'',''study'')',
    '(kind = ''conference'' OR kind = ''leadership'' OR kind = ''forum'' ' ||
    'OR kind = ''study'')')
    WHERE type = 'table' AND name = 'meeting';
UPDATE sqlite_schema SET sql = replace(sql,
    'state IN (''open'', ''submitted'', ''accepted'')',
    '(state = ''open'' OR state = ''submitted'' OR state = ''accepted'')')
    WHERE type = 'table' AND name = 'submission';
UPDATE sqlite_schema SET sql = replace(sql,
    'owner IN (''task'', ''opinion'', ''evaluation'', ''essay'', ''research'')',
    '(owner = ''task'' OR owner = ''opinion'' OR owner = ''evaluation'' ' ||
    'OR owner = ''essay'' OR owner = ''research'')')
    WHERE type = 'table' AND name = 'attachment';
UPDATE sqlite_schema SET sql = replace(sql,
    'state IN (''pending'', ''approved'', ''refused'')',
    '(state = ''pending'' OR state = ''approved'' OR state = ''refused'')')
    WHERE type = 'table' AND name = 'task_extension';
UPDATE sqlite_schema SET sql = replace(sql,
    'on_kind IN (''report'', ''document'', ''essay'')',
    '(on_kind = ''report'' OR on_kind = ''document'' OR on_kind = ''essay'')')
    WHERE type = 'table' AND name = 'instruction';
UPDATE sqlite_schema SET sql = replace(sql,
    'state IN (''draft'', ''open'', ''closed'')',
    '(state = ''draft'' OR state = ''open'' OR state = ''closed'')')
    WHERE type = 'table' AND name = 'survey';
PRAGMA writable_schema = OFF;
-- this connection reads the schema again; the table made and dropped moves the schema's
-- version, so that any other connection does too
PRAGMA writable_schema = RESET;
CREATE TABLE check_lists_rewritten (x);
DROP TABLE check_lists_rewritten;
