// Chain settings (#settings): GET /v1/admin/settings for every role; the owner saves with
// PUT (which merges the keys given). Values are sent as typed, so a bad one gets the API's
// own message under its field and nothing of that save is taken.
import { api } from '../api.js';
import { money, t } from '../i18n.js';
import { h } from '../dom.js';
import { field, outcome, showError, showOk, intOrText } from '../form_fields.js';

const NUMBERS = ['point_value', 'expiry_warning_days', 'max_adjust_points', 'wallet_offline_hours', 'wallet_offline_limit'];

function listText(v) { return Array.isArray(v) ? v.join(', ') : ''; }

export async function settingsPage(main, { me }) {
  const edit = me.role === 'owner';
  main.append(h('h1', {}, t('nav.settings')));
  let s;
  try {
    s = await api('GET', '/v1/admin/settings');
  } catch (e) {
    main.append(h('div', { class: 'banner bad' }, e.message));
    return;
  }
  const inputs = {};
  for (const k of NUMBERS) inputs[k] = h('input', { id: 'set-' + k, inputmode: 'numeric', value: String(s[k]) });
  inputs.no_loyalty_categories = h('input', { id: 'set-no_loyalty_categories', value: listText(s.no_loyalty_categories) });
  for (const el of Object.values(inputs)) el.readOnly = !edit;
  const zone = h('input', { id: 'set-timezone', value: s.timezone, readonly: true });
  const banner = h('div', { id: 'settings-banner' });
  const savedNote = h('p', { class: 'muted', id: 'settings-saved' }, s.saved ? t('settings.saved_yes') : t('settings.saved_no'));
  const form = h('form', { class: 'panel', id: 'settings-form' }, banner,
    h('div', { class: 'row' },
      field('point_value', t('settings.point_value'), inputs.point_value),
      field('expiry_warning_days', t('settings.expiry_warning_days'), inputs.expiry_warning_days),
      field('max_adjust_points', t('settings.max_adjust_points'), inputs.max_adjust_points)),
    h('div', { class: 'row' },
      field('wallet_offline_hours', t('settings.wallet_offline_hours'), inputs.wallet_offline_hours),
      field('wallet_offline_limit', t('settings.wallet_offline_limit'), inputs.wallet_offline_limit)),
    h('div', { class: 'row' },
      field('no_loyalty_categories', t('settings.no_loyalty_categories'), inputs.no_loyalty_categories, true)),
    h('div', { class: 'row' }, field('timezone', t('settings.timezone'), zone)),
    h('p', { class: 'muted' }, t('settings.hint')),
    savedNote,
    edit ? h('p', {}, h('button', { type: 'submit', id: 'settings-save' }, t('settings.save')))
      : h('p', { class: 'muted', id: 'settings-readonly' }, t('settings.readonly')));
  // The point's value prices every point customers hold: a change is said first and made
  // by a second press (one keystroke once halved them all at once).
  let armed = null;
  inputs.point_value.addEventListener('input', () => { armed = null; });
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    if (!edit) return;
    const value = inputs.point_value.value.trim();
    if (value !== String(s.point_value) && armed !== value) {
      armed = value;
      const to = /^\d+$/.test(value) ? money(Number(value)) : value;
      outcome(banner, t('settings.point_value_confirm', { from: money(s.point_value), to }), 'warn');
      return;
    }
    armed = null;
    const body = {};
    for (const k of NUMBERS) body[k] = intOrText(inputs[k].value);
    body.no_loyalty_categories = inputs.no_loyalty_categories.value.split(',').map((x) => x.trim()).filter(Boolean);
    try {
      const next = await api('PUT', '/v1/admin/settings', body);
      s = next;
      for (const k of NUMBERS) inputs[k].value = String(next[k]);
      inputs.no_loyalty_categories.value = listText(next.no_loyalty_categories);
      savedNote.textContent = t('settings.saved_yes');
      showOk(form, banner, t('settings.saved'));
    } catch (e) {
      showError(form, banner, e);
    }
  });
  main.append(form);
}
