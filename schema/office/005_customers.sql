-- Head office store, version 5: customers as people (docs/office.md "Customers"). A card's
-- document keeps its customer's contacts (registers read them from there); these tables
-- are head office's index of them, kept in step whenever a card's customer is written:
-- one row per customer, the folded words of its name for "prefix of any word" search,
-- and which customer each card belongs to.

CREATE TABLE customers (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  phone TEXT,                    -- E.164
  email TEXT,
  email_key TEXT,                -- the e-mail folded to lower case, for search
  birthday TEXT,                 -- YYYY-MM-DD as the customer gave it
  consent_email INTEGER NOT NULL DEFAULT 0,
  consent_sms INTEGER NOT NULL DEFAULT 0,
  created INTEGER NOT NULL,      -- unix seconds
  updated INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX customers_by_phone ON customers(phone) WHERE phone IS NOT NULL;
CREATE INDEX customers_by_email ON customers(email_key) WHERE email_key IS NOT NULL;

CREATE TABLE customer_words (
  word TEXT NOT NULL,            -- core/name_search.h fold_name
  customer_id TEXT NOT NULL,
  PRIMARY KEY (word, customer_id)
) WITHOUT ROWID;
CREATE INDEX customer_words_by_customer ON customer_words(customer_id, word);

CREATE TABLE customer_cards (
  number TEXT PRIMARY KEY,
  customer_id TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX customer_cards_by_customer ON customer_cards(customer_id);

-- A customer's purchase and points history across every store reads entries by card.
CREATE INDEX entries_by_card ON entries(card, at);
