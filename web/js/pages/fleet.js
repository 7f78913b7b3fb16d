// Registers and stores (#fleet): the fleet view (GET /v1/admin/registers) with the
// registers that need a look highlighted, adding a register and showing its one-time
// enrolment code, the codes still waiting, moving a register to a store, and revoking a
// register after a confirmation.
// The stores' list and form are in fleet_stores.js. Owner and technician change things;
// the auditor only reads (the API refuses anyone else regardless).
import { api } from '../api.js';
import { t } from '../i18n.js';
import { h, clear } from '../dom.js';
import { field, showError, clearErrors, when, outcome } from '../form_fields.js';
import { storesPanel } from './fleet_stores.js';

// A clock further off than this gets a highlight: the register's doctor wants head office
// within two minutes too (docs/technician.md), and receipts carry the register's time.
export const SKEW_LIMIT_S = 120;  // core::kMaxClockSkew (core/time.h)

export function canEditFleet(role) { return role === 'owner' || role === 'technician'; }

// A register whose code was not used yet has never been heard from: "waiting", not "ok"
// (head office's state says only how long it has been quiet).
export function shownState(r) {
  return r.state !== 'revoked' && !r.enrolled ? 'waiting' : r.state;
}

// Why a register needs a look, most serious first: revoked, silent, lagging, clock.
export function attention(r) {
  const why = [];
  const state = shownState(r);
  if (state === 'revoked') why.push('revoked');
  else if (state === 'silent' || state === 'lagging') why.push(state);
  if (r.clock_skew_s !== null && r.clock_skew_s !== undefined && Math.abs(r.clock_skew_s) > SKEW_LIMIT_S) why.push('skew');
  return why;
}

function skewText(s) {
  if (s === null || s === undefined) return '—';
  return t('fleet.seconds', { n: (s > 0 ? '+' : '') + s });
}

// The register's store, as a picker for those who may move it: its store's time zone names
// its days, and the store reports read its receipts (PUT /v1/admin/registers/{id}).
function storeCell(r, stores, storeName, move) {
  if (!move || r.state === 'revoked') return h('td', {}, r.store ? storeName(r.store) : '—');
  const picker = h('select', { 'data-move': r.id, 'aria-label': t('fleet.store') },
    h('option', { value: '' }, t('fleet.no_store')),
    stores.map((s) => h('option', { value: s.id, selected: s.id === r.store ? true : null }, s.name)));
  picker.addEventListener('change', () => move(r, picker.value || null));
  return h('td', {}, picker);
}

function registersTable(registers, stores, storeName, edit, revoke, move) {
  if (!registers.length) return h('p', { class: 'muted', id: 'registers-none' }, t('fleet.none'));
  const cols = ['name', 'store', 'state', 'version', 'last_contact', 'pending', 'clock_skew'];
  return h('div', { class: 'table-wrap' }, h('table', { id: 'registers' },
    h('thead', {}, h('tr', {}, cols.map((k) => h('th', {}, t('fleet.' + k))), edit ? h('th', {}) : null)),
    h('tbody', {}, registers.map((r) => {
      const why = attention(r);
      const action = h('td', { class: 'actions' });
      if (edit && r.state !== 'revoked') {
        action.append(h('button', { type: 'button', class: 'secondary', 'data-revoke': r.id, onclick: () => confirmRevoke(action, r, revoke) }, t('fleet.revoke')));
      }
      return h('tr', { 'data-id': r.id, class: why.length ? 'attention ' + why[0] : null, 'data-attention': why.join(' ') },
        h('td', {}, r.name, h('div', { class: 'muted small' }, r.id)),
        storeCell(r, stores, storeName, edit ? move : null),
        h('td', {}, h('span', { class: 'state ' + shownState(r), 'data-state': shownState(r) }, t('fleet.state_' + shownState(r)))),
        h('td', {}, r.version || '—'),
        h('td', { class: why.includes('silent') || why.includes('lagging') ? 'nowrap warn' : 'nowrap' }, when(r.last_contact)),
        h('td', {}, r.pending ?? '—'),
        h('td', { class: why.includes('skew') ? 'warn' : null, 'data-skew': r.clock_skew_s ?? '' }, skewText(r.clock_skew_s)),
        edit ? action : null);
    }))));
}

// Revoking cannot be undone (the register must be enrolled again): ask first, in the row.
function confirmRevoke(cell, r, revoke) {
  clear(cell).append(h('div', { class: 'confirm' },
    h('span', {}, t('fleet.revoke_confirm', { name: r.name })),
    h('button', { type: 'button', class: 'danger', id: 'confirm-revoke', onclick: () => revoke(r) }, t('fleet.revoke_yes')),
    h('button', { type: 'button', class: 'secondary', id: 'cancel-revoke', onclick: () => revoke(null) }, t('common.cancel'))));
}

function codesTable(codes, storeName) {
  if (!codes.length) return h('p', { class: 'muted', id: 'codes-none' }, t('fleet.codes_none'));
  return h('div', { class: 'table-wrap' }, h('table', { id: 'codes' },
    h('thead', {}, h('tr', {}, ['name', 'store', 'created', 'expires'].map((k) => h('th', {}, t('fleet.' + k))))),
    h('tbody', {}, codes.map((c) => h('tr', { 'data-id': c.register },
      h('td', {}, c.name, h('div', { class: 'muted small' }, c.register)),
      h('td', {}, c.store ? storeName(c.store) : '—'), h('td', { class: 'nowrap' }, when(c.created)), h('td', { class: 'nowrap' }, when(c.expires)))))));
}

// Adding a register: its name and store. The answer's one-time code goes to `showCode`,
// outside the form, so that the form can be drawn again with the new lists.
function addRegisterForm(stores, { showCode, done }) {
  const name = h('input', { id: 'register-name', maxlength: 200 });
  const store = h('select', { id: 'register-store' }, h('option', { value: '' }, t('fleet.no_store')),
    stores.map((s) => h('option', { value: s.id }, s.name)));
  const banner = h('div', { id: 'register-banner' });
  const form = h('form', { class: 'panel', id: 'register-form' }, h('h2', {}, t('fleet.add_title')), banner,
    h('div', { class: 'row' }, field('name', t('fleet.name'), name), field('store', t('fleet.store'), store),
      h('button', { type: 'submit', id: 'register-add' }, t('fleet.add'))));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors(form, banner);
    try {
      const body = { name: name.value.trim() };
      if (store.value) body.store = store.value;
      showCode(await api('POST', '/v1/admin/registers', body));
      done();
    } catch (e) {
      showError(form, banner, e);
    }
  });
  return form;
}

// The code is shown once (head office keeps only its digest), with the command to type.
function codeNotice(r) {
  return h('div', { class: 'banner ok', id: 'enrol-code-box' },
    h('div', {}, t('fleet.code_for', { name: r.register.name })),
    h('div', { class: 'code', id: 'enrol-code' }, r.code),
    h('div', {}, t('fleet.code_expires', { at: when(r.expires) })),
    h('pre', { class: 'muted' }, `sudo kopilka enroll --office ${location.origin} --code ${r.code}`));
}

export async function fleetPage(main, { me }) {
  const edit = canEditFleet(me.role);
  const banner = h('div', { id: 'fleet-banner' });
  const registersBox = h('div', { class: 'panel', id: 'registers-box' }, t('common.loading'));
  const codesBox = h('div', { class: 'panel', id: 'codes-box' });
  const storesBox = h('div', { id: 'stores-box' });
  const addBox = h('div', { id: 'register-add-box' });
  const codeBox = h('div', { id: 'register-code-box' });
  const showCode = (r) => clear(codeBox).append(codeNotice(r));
  const say = (message, kind) => outcome(banner, message, kind || 'ok');
  main.append(h('h1', {}, t('nav.fleet')), banner, registersBox);

  async function load() {
    let stores, registers, codes;
    try {
      [{ stores }, { registers }, { codes }] = await Promise.all([
        api('GET', '/v1/admin/stores'), api('GET', '/v1/admin/registers'), api('GET', '/v1/admin/enrolment-codes')]);
    } catch (e) {
      clear(registersBox).append(h('div', { class: 'banner bad' }, e.message));
      return;
    }
    const names = new Map(stores.map((s) => [s.id, s.name]));
    const storeName = (id) => names.get(id) || id;
    const revoke = async (r) => {
      if (r) {
        try {
          await api('POST', '/v1/admin/registers/' + encodeURIComponent(r.id) + '/revoke');
          say(t('fleet.revoked', { name: r.name }));
        } catch (e) {
          say(e.message, 'bad');
        }
      }
      load();
    };
    const move = async (r, store) => {
      try {
        await api('PUT', '/v1/admin/registers/' + encodeURIComponent(r.id), { store });
        say(store ? t('fleet.moved', { name: r.name, store: storeName(store) })
          : t('fleet.moved_out', { name: r.name }));
      } catch (e) {
        say(e.message, 'bad');
      }
      load();
    };
    const needing = registers.filter((r) => attention(r).length).length;
    clear(registersBox).append(h('h2', {}, t('fleet.registers')),
      needing ? h('p', { class: 'warn', id: 'fleet-attention' }, t('fleet.attention', { n: needing })) : '',
      registersTable(registers, stores, storeName, edit, revoke, move));
    clear(codesBox).append(h('h2', {}, t('fleet.codes')), codesTable(codes, storeName));
    // The add form follows the stores' list; the code shown stays.
    if (edit) clear(addBox).append(addRegisterForm(stores, { showCode, done: load }));
    clear(storesBox).append(storesPanel(stores, { edit, reload: load, say }));
  }
  main.append(codeBox, addBox, codesBox, storesBox);
  await load();
}
