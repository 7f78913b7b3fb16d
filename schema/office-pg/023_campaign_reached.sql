-- Head office on PostgreSQL, version 23: which message of a campaign reached each customer
-- on each channel (SQLite's 23). The primary key decides between two cards of one
-- customer queued as two, also when two office processes send them at once.
CREATE TABLE campaign_reached (
  campaign TEXT NOT NULL,
  channel TEXT NOT NULL,
  customer_id TEXT NOT NULL,
  outbox_id TEXT NOT NULL,
  PRIMARY KEY (campaign, channel, customer_id)
);
INSERT INTO campaign_reached (campaign, channel, customer_id, outbox_id)
  SELECT DISTINCT ON (split_part(dedupe, ':', 2), channel, customer_id)
         split_part(dedupe, ':', 2), channel, customer_id, id
  FROM outbox
  WHERE event = 'campaign' AND state = 'sent' AND dedupe LIKE 'campaign:%:c:%'
    AND customer_id IS NOT NULL
  ORDER BY split_part(dedupe, ':', 2), channel, customer_id, sent_at;
