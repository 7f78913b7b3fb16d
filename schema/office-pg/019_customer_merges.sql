-- Head office on PostgreSQL, version 19: where a merged customer went (SQLite's 18). An
-- e-mail sent before a merge carries an unsubscribe link naming the customer merged away;
-- following it must stop mail to the customer that person now is. Chains are kept flat.
CREATE TABLE customer_merges (
  from_id TEXT PRIMARY KEY,
  into_id TEXT NOT NULL
);
