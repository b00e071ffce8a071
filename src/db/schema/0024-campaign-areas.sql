-- The areas opinions are classed under, configurable per campaign (issue 17 item 8: a district
-- counted sixteen aspects, the speech names 工作质量、工作作风、廉政建设、教育培训) instead of the
-- fixed five: a campaign's own list, an opinion of it classed under one of them (campaign_area;
-- its area stays NULL), and the count per campaign, area and unit subtree, kept in the
-- opinion's write and rebuilt with the other opinion roll-ups.
CREATE TABLE campaign_area (
    campaign_id INTEGER NOT NULL REFERENCES campaign(id),
    pos INTEGER NOT NULL,
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    PRIMARY KEY (campaign_id, code)
) STRICT, WITHOUT ROWID;
ALTER TABLE opinion ADD COLUMN campaign_area TEXT;
CREATE TABLE campaign_area_tally (
    campaign_id INTEGER NOT NULL REFERENCES campaign(id),
    unit_id INTEGER NOT NULL REFERENCES unit(id),
    area TEXT NOT NULL,
    n INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (campaign_id, unit_id, area)
) STRICT, WITHOUT ROWID;
