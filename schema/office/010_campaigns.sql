-- Head office store, version 10: campaigns, a marketer's text to a segment of customers
-- (office.md "Notifications"). A running campaign is queued into the outbox a page of
-- cards at a time (`cursor`: the last card number looked at), each customer once.

CREATE TABLE campaigns (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  channel TEXT NOT NULL,           -- email, sms
  subject TEXT NOT NULL,
  text TEXT NOT NULL,              -- a template: {name}, {card_tail}
  segment TEXT NOT NULL,           -- JSON, office/campaigns.h
  state TEXT NOT NULL,             -- draft, running, stopped, done
  cursor TEXT NOT NULL DEFAULT '',
  queued INTEGER NOT NULL DEFAULT 0,
  created_by TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  started_at INTEGER
) WITHOUT ROWID;

-- A card's receipts, for "bought in this store" segments and the customer's history.
CREATE INDEX IF NOT EXISTS entries_by_card ON entries(card);
