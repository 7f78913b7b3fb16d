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
// Money in kopecks as roubles, in the interface's locale.
export function money(kopecks) {
  if (kopecks === null || kopecks === undefined) return '—';
  return (kopecks / 100).toLocaleString(lang === 'ru' ? 'ru-RU' : 'en-GB',
    { minimumFractionDigits: 2, maximumFractionDigits: 2 }) + ' ₽';
}
