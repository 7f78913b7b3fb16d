-- Head office store, version 19: cards and entries become ordinary (rowid) tables. As
-- WITHOUT ROWID tables their rows of hundreds of bytes to a few kilobytes sat in the
-- key's B-tree itself: a row over about a kilobyte spilled onto overflow pages, and the
-- interior pages held whole rows, a handful each, so a tree of 1 000 000 cards was eight
-- levels deep and every card a group of pushes rewrote dirtied several pages of it. As
-- rowid tables a card is one leaf, the tree three levels, and the numbers and entry ids
-- sit in small indexes of their own (docs/benchmarks.md "Ingest: cards and entries as
-- rowid tables"). Rows are copied in key order, so reading cards in number order (a first
-- sync's snapshot, exports, the notification scan) still reads the table in its order.
CREATE TABLE cards_019 (
  number TEXT PRIMARY KEY,
  phone TEXT,
  state TEXT NOT NULL,           -- core::card_state_to_json
  seq INTEGER NOT NULL
);
INSERT INTO cards_019(number, phone, state, seq)
SELECT number, phone, state, seq FROM cards ORDER BY number;
DROP TABLE cards;
ALTER TABLE cards_019 RENAME TO cards;
CREATE INDEX cards_by_seq ON cards(seq);
CREATE INDEX cards_by_phone ON cards(phone) WHERE phone IS NOT NULL;

CREATE TABLE entries_019 (
  id TEXT PRIMARY KEY,
  register_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  card TEXT,
  at INTEGER NOT NULL,
  body TEXT NOT NULL,
  received INTEGER NOT NULL
);
INSERT INTO entries_019(id, register_id, kind, card, at, body, received)
SELECT id, register_id, kind, card, at, body, received FROM entries ORDER BY id;
DROP TABLE entries;
ALTER TABLE entries_019 RENAME TO entries;
CREATE INDEX entries_by_card ON entries(card, at);
