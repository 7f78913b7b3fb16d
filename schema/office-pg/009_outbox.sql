-- Head office on PostgreSQL, version 9: the notification outbox (schema/office/009_outbox.sql).
-- A message is queued in the same transaction as the change that causes it, once per
-- `dedupe` key, and a worker sends it: claimed with a lease (so several office processes
-- never send one message at once), retried with backoff, and marked sent once the channel
-- confirmed it (never sent again after that).

CREATE TABLE outbox (
  id TEXT PRIMARY KEY,             -- the delivery id (X-Kopilka-Delivery), same on every retry
  dedupe TEXT NOT NULL UNIQUE,     -- "points_burning:<card>:<date>:email": an event queues once
  event TEXT NOT NULL,             -- points_burning, birthday_gift, level_reached, welcome, …
  channel TEXT NOT NULL,           -- email, sms, webhook
  target TEXT NOT NULL DEFAULT '', -- the webhook's URL; empty for e-mail and SMS
  customer_id TEXT,
  card TEXT,
  payload TEXT NOT NULL,           -- JSON: the values the template or webhook body uses
  state TEXT NOT NULL,             -- queued, sent, failed, suppressed
  reason TEXT,                     -- why failed or suppressed (the last error while queued)
  attempts BIGINT NOT NULL DEFAULT 0,
  next_attempt BIGINT NOT NULL,   -- unix seconds
  lease_until BIGINT,             -- a worker's claim, unix seconds
  queued_at BIGINT NOT NULL,
  sent_at BIGINT
);
CREATE INDEX outbox_due ON outbox(state, next_attempt);
CREATE INDEX outbox_by_customer ON outbox(customer_id, queued_at);
CREATE INDEX outbox_by_queued ON outbox(queued_at);

CREATE TABLE notify_state (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE notify_levels (card TEXT PRIMARY KEY, levels TEXT NOT NULL);

CREATE TABLE unsubscribed (
  customer_id TEXT NOT NULL,
  channel TEXT NOT NULL,
  at BIGINT NOT NULL,
  PRIMARY KEY (customer_id, channel)
);

CREATE TABLE notify_templates (
  event TEXT NOT NULL,
  locale TEXT NOT NULL,
  subject TEXT NOT NULL,
  text TEXT NOT NULL,
  PRIMARY KEY (event, locale)
);
