-- Head office store, version 18: where a merged customer went. An e-mail sent before a merge
-- carries an unsubscribe link naming the customer merged away; following it must stop mail
-- to the customer that person now is (office/consent_withdrawal.h). Chains are kept flat:
-- every row names the customer that remains.
CREATE TABLE customer_merges (
  from_id TEXT PRIMARY KEY,
  into_id TEXT NOT NULL
) WITHOUT ROWID;
