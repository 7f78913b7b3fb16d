-- Head office store, version 23: which message of a campaign reached each customer on each
-- channel. Two cards of one customer may be queued as two customers (a merge or a card's
-- move came after the queueing); the first of their messages to be sent takes this row and
-- the other is suppressed. A primary key decides it, so two office processes sending at
-- once cannot both win. Messages sent before this version take their rows now.
CREATE TABLE campaign_reached (
  campaign TEXT NOT NULL,
  channel TEXT NOT NULL,
  customer_id TEXT NOT NULL,
  outbox_id TEXT NOT NULL,
  PRIMARY KEY (campaign, channel, customer_id)
) WITHOUT ROWID;
INSERT OR IGNORE INTO campaign_reached (campaign, channel, customer_id, outbox_id)
  SELECT substr(dedupe, 10, instr(dedupe, ':c:') - 10), channel, customer_id, id
  FROM outbox
  WHERE event = 'campaign' AND state = 'sent' AND dedupe LIKE 'campaign:%:c:%'
    AND customer_id IS NOT NULL
  ORDER BY sent_at;
