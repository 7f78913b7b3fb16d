// The stores part of the #fleet page: the list (GET /v1/admin/stores) and one form that
// adds a store (POST) or edits one (PUT /v1/admin/stores/{id}): name, address, time zone.
// A bad time zone is the API's refusal, shown under the field.
import { api } from '../api.js';
import { t } from '../i18n.js';
import { h } from '../dom.js';
import { field, showError, clearErrors } from '../form_fields.js';

// Russia's zones first in the suggestions, in words («Екатеринбург (МСК+2)», or the city
// alone); any IANA name the zone database knows is taken too.
const ZONES = ['Europe/Kaliningrad', 'Europe/Moscow', 'Europe/Samara', 'Asia/Yekaterinburg', 'Asia/Omsk',
  'Asia/Novosibirsk', 'Asia/Krasnoyarsk', 'Asia/Irkutsk', 'Asia/Yakutsk', 'Asia/Vladivostok',
  'Asia/Magadan', 'Asia/Kamchatka', 'Europe/Minsk', 'Asia/Almaty'];

// A zone as a shop owner reads it («Екатеринбург (МСК+2)»), its IANA name when it has no words.
function zoneLabel(zone) {
  const label = t('zone.' + zone);
  return label === 'zone.' + zone ? zone : label;
}
// What was typed or picked: a zone's name, its words, or its city alone («Екатеринбург»).
function zoneOf(typed) {
  const text = typed.trim().toLowerCase();
  for (const z of ZONES) {
    const label = zoneLabel(z).toLowerCase();
    if (text === label || (label.includes(' (') && text === label.slice(0, label.indexOf(' (')))) return z;
  }
  return typed.trim();
}

function storesTable(stores, edit, startEdit) {
  if (!stores.length) return h('p', { class: 'muted', id: 'stores-none' }, t('stores.none'));
  return h('div', { class: 'table-wrap' }, h('table', { id: 'stores' },
    h('thead', {}, h('tr', {}, ['name', 'address', 'timezone', 'registers'].map((k) => h('th', {}, t('stores.' + k))),
      edit ? h('th', {}) : null)),
    h('tbody', {}, stores.map((s) => h('tr', { 'data-id': s.id },
      h('td', {}, s.name, h('div', { class: 'muted small' }, s.id)), h('td', {}, s.address || '—'),
      h('td', { title: s.timezone }, zoneLabel(s.timezone)), h('td', {}, s.registers.length),
      edit ? h('td', {}, h('button', { type: 'button', class: 'secondary', 'data-edit-store': s.id, onclick: () => startEdit(s) }, t('stores.edit'))) : null)))));
}

export function storesPanel(stores, { edit, reload, say }) {
  const panel = h('div', { class: 'panel', id: 'stores-panel' }, h('h2', {}, t('stores.title')));
  let editing = null;
  const name = h('input', { id: 'store-name', maxlength: 200 });
  const address = h('input', { id: 'store-address' });
  const zone = h('input', { id: 'store-timezone', list: 'store-zones', value: zoneLabel('Europe/Moscow'), spellcheck: 'false' });
  const title = h('h2', { id: 'store-form-title' }, t('stores.add_title'));
  const banner = h('div', { id: 'store-banner' });
  const cancel = h('button', { type: 'button', class: 'secondary', id: 'store-cancel', hidden: true }, t('common.cancel'));
  const form = h('form', { class: 'subpanel', id: 'store-form' }, title, banner,
    h('div', { class: 'row' }, field('name', t('stores.name'), name), field('address', t('stores.address'), address),
      field('timezone', t('stores.timezone'), zone),
      h('datalist', { id: 'store-zones' }, ZONES.map((z) => h('option', { value: zoneLabel(z) })))),
    h('p', {}, h('button', { type: 'submit', id: 'store-save' }, t('stores.save')), ' ', cancel));

  function startEdit(s) {
    editing = s;
    name.value = s.name;
    address.value = s.address || '';
    zone.value = zoneLabel(s.timezone);
    title.textContent = t('stores.edit_title', { name: s.name });
    cancel.hidden = false;
    clearErrors(form, banner);
    name.focus();
  }
  cancel.addEventListener('click', () => {
    editing = null;
    form.reset();
    title.textContent = t('stores.add_title');
    cancel.hidden = true;
    clearErrors(form, banner);
  });
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const body = { name: name.value.trim(), address: address.value.trim(), timezone: zoneOf(zone.value) };
    try {
      const s = editing
        ? await api('PUT', '/v1/admin/stores/' + encodeURIComponent(editing.id), body)
        : await api('POST', '/v1/admin/stores', body);
      // The list is drawn again (with this form): the page's banner says what happened.
      await reload();
      say(t(editing ? 'stores.saved' : 'stores.added', { name: s.name }));
    } catch (e) {
      showError(form, banner, e);
    }
  });
  panel.append(storesTable(stores, edit, startEdit));
  if (edit) panel.append(form);
  return panel;
}
