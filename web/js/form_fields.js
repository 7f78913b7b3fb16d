// Small pieces the pages' forms share: a labelled field with a place for the API's message
// under it, showing a 4xx's message next to the field it names (and in the form's banner),
// the outcome of a page's last action, numbers as people type them, and head office's
// dates and times as people read them.
import { h } from './dom.js';

// A labelled input whose `data-key` is the API's field name, so a refusal finds it.
export function field(key, label, input, wide) {
  if (!input.id) input.id = 'f-' + key.replace(/\./g, '-');
  return h('div', { class: 'field' + (wide ? ' wide' : ''), 'data-key': key },
    h('label', { for: input.id }, label), input, h('div', { class: 'err' }));
}

export function clearErrors(form, banner) {
  if (banner) { banner.textContent = ''; banner.className = ''; banner.removeAttribute('data-outcome'); }
  for (const f of form.querySelectorAll('.field')) {
    f.classList.remove('bad');
    f.querySelector('.err').textContent = '';
  }
}

// The API's own words: under the field named by `field` (the longest key that matches:
// "segment.groups" then "segment"), and in the banner with that field's label (the API's
// field name only when the form has no such field).
export function showError(form, banner, e) {
  clearErrors(form, banner);
  const name = e.field || '';
  const parts = name.split(/[.[]/);
  let label = name;
  for (let n = parts.length; n > 0 && name; n--) {
    const box = form.querySelector(`.field[data-key="${CSS.escape(parts.slice(0, n).join('.'))}"]`);
    if (box) {
      box.classList.add('bad');
      box.querySelector('.err').textContent = e.message;
      const text = box.querySelector('label');
      label = text ? text.textContent.trim() : '';
      break;
    }
  }
  if (banner) {
    // A message that names its field already («Телефон: …») is not prefixed twice.
    const named = label && !e.message.startsWith(label + ':');
    outcome(banner, named ? `${label}: ${e.message}` : e.message, 'bad');
  }
}

export function showOk(form, banner, message) {
  clearErrors(form, banner);
  outcome(banner, message, 'ok');
}

// The outcome of a page's last action in its banner («Магазин … добавлен», «Карта …: +500
// баллов.»). The next action started anywhere on the page (a button pressed, a form sent, a
// choice made in a list) clears every such banner before its own handler runs: a green
// success once stayed beside the refusal of the action after it, and read as if both held.
export function outcome(banner, message, kind) {
  banner.className = 'banner ' + kind;
  banner.setAttribute('data-outcome', kind);
  banner.textContent = message;
}
function clearOutcomes() {
  for (const el of document.querySelectorAll('[data-outcome]')) {
    el.removeAttribute('data-outcome');
    el.className = '';
    el.textContent = '';
  }
}
// In the capture phase: before the handler of the action, which may say its own outcome at once.
document.addEventListener('click', (ev) => { if (ev.target.closest?.('button')) clearOutcomes(); }, true);
document.addEventListener('submit', clearOutcomes, true);
document.addEventListener('change', (ev) => { if (ev.target.tagName === 'SELECT') clearOutcomes(); }, true);

// "2026-12-06" as "06.12.2026", as the dashboard and the audit log write days; "—" for none.
export function day(iso) {
  return iso ? `${iso.slice(8, 10)}.${iso.slice(5, 7)}.${iso.slice(0, 4)}` : '—';
}
// "2026-11-30T12:05:00+03:00" as "30.11.2026 12:05" (with seconds: "30.11.2026 12:05:00"),
// in the zone it was written in (head office's, or a store's for its receipts); "—" for never.
export function when(rfc3339, { seconds = false } = {}) {
  return rfc3339 ? `${day(rfc3339)} ${rfc3339.slice(11, seconds ? 19 : 16)}` : '—';
}

// A number as Russian is typed, as the API reads it: thousands apart («1 000», the space
// often a no-break one pasted from a document), a decimal comma («5,5») and the
// typographic minus «−». Anything else is left as typed.
export function numberText(value) {
  let v = String(value).trim().replace(/^[\u2212\u2012\u2013\uFE63\uFF0D]/, '-').replace(/^([+-])\s+/, '$1');
  // (\s takes the no-break and narrow no-break spaces too.)
  if (/^[+-]?\d{1,3}(\s\d{3})+([.,]\d+)?$/.test(v)) v = v.replace(/\s/g, '');
  return v.replace(/^([+-]?\d+),(\d+)$/, '$1.$2');
}

// A whole number as the API wants it; anything else is sent as typed so that the API's
// own message says what is wrong with it.
export function intOrText(value) {
  const v = numberText(value);
  return /^[+-]?\d{1,15}$/.test(v) ? Number(v) : value.trim();
}
// The same for a number with decimals (a percent: «5,5»).
export function numOrText(value) {
  const v = numberText(value);
  return /^[+-]?\d{1,15}(\.\d+)?$/.test(v) ? Number(v) : value.trim();
}
