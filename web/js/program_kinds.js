// The fields the program form offers per kind (programs.md); anything else is edited in
// the raw JSON. Types: int, num (up to two decimals), rub (money typed in roubles, «5 000» or
// «199,90», sent in kopecks), text, bool, list (comma-separated), json.
import { numberText } from './form_fields.js';

export const common = [
  ['id', 'text'], ['name', 'text'], ['enabled', 'bool'], ['priority', 'int'],
  ['min_total', 'rub'], ['scope', 'json'], ['audience', 'json'], ['valid', 'json'],
];
export const kinds = {
  discount: [['percent', 'num'], ['amount', 'rub'], ['max_discount', 'rub'], ['stack', 'bool']],
  discount_scale: [['levels', 'json'], ['max_discount', 'rub']],
  bonus: [['percent', 'num'], ['levels', 'json'], ['first_purchase_only', 'bool'], ['points', 'json']],
  birthday: [['grant', 'int'], ['days_before', 'int'], ['points', 'json']],
  visits: [['count', 'int'], ['within_days', 'int'], ['every', 'int'], ['reward', 'json']],
  coupon: [['codes', 'list'], ['percent', 'num'], ['amount', 'rub'], ['uses_per_card', 'int'], ['uses_total', 'int']],
  threshold: [['percent', 'num'], ['amount', 'rub']],
  volume: [['min_qty', 'num'], ['percent', 'num']],
  next_purchase: [['reward', 'json'], ['valid_days', 'int']],
  bundle: [['buy', 'int'], ['get', 'int'], ['percent', 'num'], ['get_scope', 'json']],
  wallet_bonus: [['percent', 'num'], ['min_topup', 'rub']],
  referral: [['referrer_points', 'int'], ['referee_points', 'int']],
};

// A form value as JSON: undefined when empty (the key is left out); a string the API
// will reject as it stands when it does not parse, so the API's own message is shown.
export function fromInput(type, el) {
  if (type === 'bool') return el.value === '' ? undefined : el.value === 'true';
  const v = el.value.trim();
  if (v === '') return undefined;
  if (type === 'int' || type === 'num') { const n = numberText(v); return /^[+-]?\d+(\.\d+)?$/.test(n) ? Number(n) : v; }
  if (type === 'rub') {
    // Kopecks from the digits, never through a float: «199,9» is 19990.
    const m = /^(\d+)(?:\.(\d{1,2}))?$/.exec(numberText(v));
    return m ? Number(m[1]) * 100 + Number((m[2] || '').padEnd(2, '0')) : v;
  }
  if (type === 'list') return v.split(',').map((s) => s.trim()).filter(Boolean);
  if (type === 'json') { try { return JSON.parse(v); } catch { return v; } }
  return v;
}
export function toInput(type, value) {
  if (value === undefined || value === null) return '';
  if (type === 'bool') return value ? 'true' : 'false';
  if (type === 'list') return Array.isArray(value) ? value.join(', ') : String(value);
  if (type === 'json') return JSON.stringify(value);
  if (type === 'rub' && Number.isInteger(value)) {
    const kop = Math.abs(value) % 100;
    return (value < 0 ? '-' : '') + Math.floor(Math.abs(value) / 100) + (kop ? ',' + String(kop).padStart(2, '0') : '');
  }
  return String(value);
}

// What a program does, from the API's `explained` line "cashback5 (bonus): 5 % бонусами":
// without the code and the kind's English name in front (the pages show both, the kind by
// its name in the interface's language, in their own places).
export function doesText(p, text) {
  const head = `${p.id} (${p.kind}): `;
  return text && text.startsWith(head) ? text.slice(head.length) : text || '';
}

export const sampleReceipt = {
  receipt_id: 'PREVIEW-1', card: '2000000000015',
  lines: [
    { line: 1, sku: 'A-17', name: 'Шампунь', category: 'cosmetics', qty: 2, price: 45000 },
    { line: 2, sku: 'S-1', name: 'Стрижка', category: 'haircut', qty: 1, price: 150000 },
  ],
};
