-- Register store, version 5: confirmed receipts in an ordinary (rowid) table. As a
-- WITHOUT ROWID table a row keeps at most about 1 000 bytes of a 4 KB page, and a
-- receipt's stored answer alone is about that long, so every receipt spilled into an
-- overflow page of its own, three quarters empty: one more new page per confirm and about
-- 4 KB of disk per receipt for ever. A rowid table keeps up to about 4 000 bytes in the
-- row's own page. Columns and meaning are those of version 1.

CREATE TABLE receipts_v5 (
  receipt_id TEXT PRIMARY KEY,
  body_sha256 TEXT NOT NULL,
  entry_id TEXT NOT NULL,
  card TEXT,
  at INTEGER NOT NULL,
  response TEXT NOT NULL,
  sale TEXT NOT NULL,
  refund_state TEXT NOT NULL,
  cancel_entry_id TEXT
);
INSERT INTO receipts_v5(receipt_id, body_sha256, entry_id, card, at, response, sale,
                        refund_state, cancel_entry_id)
  SELECT receipt_id, body_sha256, entry_id, card, at, response, sale, refund_state,
         cancel_entry_id
  FROM receipts ORDER BY at, receipt_id;
DROP TABLE receipts;
ALTER TABLE receipts_v5 RENAME TO receipts;
