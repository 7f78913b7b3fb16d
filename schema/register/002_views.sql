-- Register store, version 2: read-only views that show each card's parts as rows, for the
-- technician (`kopilka` CLI, sqlite3) and reports. A card's state stays ONE row in `cards`
-- (core::card_state_to_json), written in the same transaction as its journal entry, so a
-- card can never be half-updated; these views only read it.

CREATE VIEW customers AS
  SELECT number AS card,
         json_extract(state, '$.customer.id') AS id,
         json_extract(state, '$.customer.name') AS name,
         phone,
         json_extract(state, '$.customer.birthday') AS birthday
  FROM cards
  WHERE json_type(state, '$.customer') = 'object';

-- Every lot with points left: its own usable days and burn date (NULL: never burns).
CREATE VIEW point_lots AS
  SELECT c.number AS card,
         json_extract(l.value, '$.id') AS id,
         json_extract(l.value, '$.program') AS program,
         json_extract(l.value, '$.earned_day') AS earned_day,
         json_extract(l.value, '$.usable_from') AS usable_from,
         json_extract(l.value, '$.last_day') AS last_day,
         json_extract(l.value, '$.remaining') AS remaining
  FROM cards AS c, json_each(c.state, '$.lots') AS l;

-- What programs remember per card: visit days, visit rewards, birthday grants, coupon uses.
CREATE VIEW card_marks AS
  SELECT c.number AS card, 'visit_day' AS mark, NULL AS program, v.value AS value
    FROM cards AS c, json_each(c.state, '$.visit_days') AS v
  UNION ALL
  SELECT c.number, 'visit_reward', v.key, v.value
    FROM cards AS c, json_each(c.state, '$.visit_rewarded_on') AS v
  UNION ALL
  SELECT c.number, 'birthday_grant', v.key, v.value
    FROM cards AS c, json_each(c.state, '$.birthday_granted_year') AS v
  UNION ALL
  SELECT c.number, 'coupon_uses', v.key, v.value
    FROM cards AS c, json_each(c.state, '$.coupon_uses') AS v;

CREATE VIEW vouchers AS
  SELECT c.number AS card,
         json_extract(v.value, '$.id') AS id,
         json_extract(v.value, '$.program') AS program,
         json_extract(v.value, '$.issued_day') AS issued_day,
         json_extract(v.value, '$.last_day') AS last_day
  FROM cards AS c, json_each(c.state, '$.vouchers') AS v;

-- Journal entries head office has not acknowledged yet, oldest first.
CREATE VIEW outbox AS
  SELECT seq, entry_id, kind, card, at, effects, detail
  FROM journal
  WHERE acked = 0;
