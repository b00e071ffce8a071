-- The opinions of each campaign, counted as they are added: every page with a list of campaigns
-- (the opinion forms, the campaigns' page) counted each campaign's opinions from the records,
-- a cost that grew with them. A row per campaign that has opinions, as its rebuild writes it.
CREATE TABLE campaign_tally (
    campaign_id INTEGER PRIMARY KEY REFERENCES campaign(id),
    unit_id INTEGER NOT NULL REFERENCES unit(id),   -- the campaign's, for verify's messages
    opinions INTEGER NOT NULL DEFAULT 0
) STRICT;
INSERT INTO campaign_tally(campaign_id, unit_id, opinions)
    SELECT c.id, c.unit_id, count(*) FROM campaign c JOIN opinion o ON o.campaign_id = c.id
    GROUP BY c.id;
