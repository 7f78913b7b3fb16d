// Small pieces the fleet, notifications and settings forms share: a labelled field with a
// place for the API's message under it, showing a 4xx's message next to the field it
// names (and in the form's banner), and head office's times as people read them.
import { h } from './dom.js';

// A labelled input whose `data-key` is the API's field name, so a refusal finds it.
export function field(key, label, input, wide) {
  if (!input.id) input.id = 'f-' + key.replace(/\./g, '-');
  return h('div', { class: 'field' + (wide ? ' wide' : ''), 'data-key': key },
    h('label', { for: input.id }, label), input, h('div', { class: 'err' }));
}

export function clearErrors(form, banner) {
  if (banner) { banner.textContent = ''; banner.className = ''; }
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
    banner.className = 'banner bad';
    banner.textContent = label ? `${label}: ${e.message}` : e.message;
  }
}

export function showOk(form, banner, message) {
  clearErrors(form, banner);
  banner.className = 'banner ok';
  banner.textContent = message;
}

// "2026-11-30T12:05:00+03:00" (head office's zone) as "2026-11-30 12:05"; "—" for never.
export function when(rfc3339) {
  return rfc3339 ? rfc3339.slice(0, 16).replace('T', ' ') : '—';
}

// A whole number as the API wants it; anything else is sent as typed so that the API's
// own message says what is wrong with it.
export function intOrText(value) {
  const v = value.trim();
  return /^-?\d+$/.test(v) ? Number(v) : v;
}
