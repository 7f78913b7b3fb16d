-- Head office on PostgreSQL, version 5: customers (schema/office/005_customers.sql). Words
-- compare byte by byte (COLLATE "C") so that a prefix is a range of the index.

CREATE TABLE customers (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  phone TEXT,
  email TEXT,
  email_key TEXT,
  birthday TEXT,
  consent_email INTEGER NOT NULL DEFAULT 0,
  consent_sms INTEGER NOT NULL DEFAULT 0,
  created BIGINT NOT NULL,
  updated BIGINT NOT NULL
);
CREATE INDEX customers_by_phone ON customers(phone) WHERE phone IS NOT NULL;
CREATE INDEX customers_by_email ON customers(email_key) WHERE email_key IS NOT NULL;

CREATE TABLE customer_words (
  word TEXT COLLATE "C" NOT NULL,
  customer_id TEXT NOT NULL,
  PRIMARY KEY (word, customer_id)
);
CREATE INDEX customer_words_by_customer ON customer_words(customer_id, word);

CREATE TABLE customer_cards (
  number TEXT PRIMARY KEY,
  customer_id TEXT NOT NULL
);
CREATE INDEX customer_cards_by_customer ON customer_cards(customer_id);

-- A customer's history reads entries by card.
CREATE INDEX entries_by_card ON entries(card, at);
