-- Head office on PostgreSQL, version 10: campaigns (schema/office/010_campaigns.sql).
-- A running campaign is queued a page of cards at a time.

CREATE TABLE campaigns (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  channel TEXT NOT NULL,           -- email, sms
  subject TEXT NOT NULL,
  text TEXT NOT NULL,              -- a template: {name}, {card_tail}
  segment TEXT NOT NULL,           -- JSON, office/campaigns.h
  state TEXT NOT NULL,             -- draft, running, stopped, done
  cursor TEXT NOT NULL DEFAULT '',
  queued BIGINT NOT NULL DEFAULT 0,
  created_by TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  started_at BIGINT
);

CREATE INDEX IF NOT EXISTS entries_by_card ON entries(card);
