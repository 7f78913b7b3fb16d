// The interface language: Russian first, English second; strings live in i18n/<lang>.js.
import ru from '../i18n/ru.js';
import en from '../i18n/en.js';

const tables = { ru, en };
let lang = localStorage.getItem('kopilka.lang') === 'en' ? 'en' : 'ru';

export function t(key, vars) {
  let s = tables[lang][key] ?? tables.ru[key] ?? key;
  if (vars) for (const [k, v] of Object.entries(vars)) s = s.replaceAll('{' + k + '}', String(v));
  return s;
}
export function currentLang() { return lang; }
export function setLang(next) {
  lang = next === 'en' ? 'en' : 'ru';
  localStorage.setItem('kopilka.lang', lang);
  document.documentElement.lang = lang;
}
export function otherLang() { return lang === 'ru' ? 'en' : 'ru'; }
// Money in kopecks as roubles, in the interface's locale: a minus sign (not a hyphen) and a
// no-break space before «₽», so a narrow tile never wraps the currency onto a line of its own.
export function money(kopecks) {
  if (kopecks === null || kopecks === undefined) return '—';
  const text = (Math.abs(kopecks) / 100).toLocaleString(lang === 'ru' ? 'ru-RU' : 'en-GB',
    { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  return (kopecks < 0 ? '\u2212' : '') + text + '\u00a0₽';
}

// A count (points, receipts) grouped as money is: «12 001» with a no-break space in
// Russian, "12,001" in English; "—" for none.
export function number(n) {
  if (n === null || n === undefined) return '—';
  if (typeof n !== 'number') return String(n);
  return (n < 0 ? '\u2212' : '') + Math.abs(n).toLocaleString(lang === 'ru' ? 'ru-RU' : 'en-GB');
}

// A number of points with its word in the interface's language: «1 балл», «44 балла»,
// «12 001 баллов»; "1 point", "12,001 points". A sign is kept when asked (+300).
export function points(n, { signed = false } = {}) {
  const abs = Math.abs(n);
  const text = abs.toLocaleString(lang === 'ru' ? 'ru-RU' : 'en-GB');
  const sign = n < 0 ? '−' : signed && n > 0 ? '+' : '';
  if (lang === 'en') return `${sign}${text} ${abs === 1 ? 'point' : 'points'}`;
  const ten = abs % 10, hundred = abs % 100;
  const word = ten === 1 && hundred !== 11 ? 'балл'
    : ten >= 2 && ten <= 4 && (hundred < 12 || hundred > 14) ? 'балла' : 'баллов';
  return `${sign}${text} ${word}`;
}
