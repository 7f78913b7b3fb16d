-- Register store, version 6: wallet top-ups (programs.md "wallet", POST /v1/wallet/topup).
-- Like adjustments: what makes a top-up idempotent (the request's hash and the answer
-- given). The card change and its journal entry (kind "topup") are written in the same
-- transaction as the row.
CREATE TABLE topups (
  topup_id TEXT PRIMARY KEY,
  card TEXT NOT NULL,
  body_sha256 TEXT NOT NULL,
  entry_id TEXT NOT NULL,
  response TEXT NOT NULL
) WITHOUT ROWID;
