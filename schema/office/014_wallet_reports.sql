-- Head office store, version 14: the wallet's report sums (programs.md "wallet",
-- docs/office.md "Reports"), per register and day, kept with the entries like report_days.
-- topped_up: top-up amounts; bonus: bonus money added with them; paid: wallet money receipts
-- paid (net of nothing); returned: wallet money refunds gave back. The wallets' liability
-- through a day is Σ (topped_up + bonus − paid + returned) through it.
CREATE TABLE report_wallet_days (
  day INTEGER NOT NULL,
  register_id TEXT NOT NULL,
  topped_up INTEGER NOT NULL DEFAULT 0,
  bonus INTEGER NOT NULL DEFAULT 0,
  paid INTEGER NOT NULL DEFAULT 0,
  returned INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (day, register_id)
) WITHOUT ROWID;
