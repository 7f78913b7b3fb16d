// The service desk's actions on the customer view (owner and support): edit contacts and
// consents (PUT /v1/admin/customers/{id}), adjust points with a reason
// (POST /v1/admin/cards/{number}/points), block/unblock (PUT /v1/admin/cards/{number}),
// replace a lost card (POST .../replace), merge another customer in (POST .../merge) and
// erase the customer's personal data at their request (POST .../erase).
// A refusal shows the API's own message under the field it names.
import { api } from '../api.js';
import { t, points as pointsText } from '../i18n.js';
import { h } from '../dom.js';
import { phoneText, kDebounceMs } from './customers.js';
import { intOrText } from '../form_fields.js';

function field(key, id, label, input) {
  return h('div', { class: 'field', 'data-key': key }, h('label', { for: id }, label), input, h('div', { class: 'err' }));
}

function clearErrors(form) {
  for (const e of form.querySelectorAll('.err')) e.textContent = '';
  for (const f of form.querySelectorAll('.field.bad')) f.classList.remove('bad');
}

// The API's message under its field, or under the form when it names none of ours.
function showError(form, e) {
  clearErrors(form);
  const key = (e.field || '').split('.')[0];
  const box = key && form.querySelector(`.field[data-key="${CSS.escape(key)}"]`);
  if (box) box.classList.add('bad');
  (box ? box.querySelector('.err') : form.querySelector('.err.form')).textContent = e.message;
}

// A fresh idempotency key per adjustment; getRandomValues works on plain HTTP too.
function adjustId() {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return 'web-' + Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

function busy(button, work) {
  return async () => {
    button.disabled = true;
    try { await work(); } finally { button.disabled = false; }
  };
}

export function contactsForm(c, reload) {
  const name = h('input', { id: 'edit-name', value: c.name || '' });
  const phone = h('input', { id: 'edit-phone', value: phoneText(c.phone), inputmode: 'tel' });
  const email = h('input', { id: 'edit-email', value: c.email || '', type: 'email' });
  const birthday = h('input', { id: 'edit-birthday', value: c.birthday || '', type: 'date' });
  const byEmail = h('input', { id: 'edit-consent-email', type: 'checkbox', checked: c.consents && c.consents.email });
  const bySms = h('input', { id: 'edit-consent-sms', type: 'checkbox', checked: c.consents && c.consents.sms });
  const save = h('button', { type: 'submit', id: 'save-contacts' }, t('customer.save_contacts'));
  // novalidate: the API's message, not the browser's, says what is wrong with a field.
  const form = h('form', { id: 'contacts-form', novalidate: true },
    h('div', { class: 'row' },
      field('name', 'edit-name', t('customer.name'), name), field('phone', 'edit-phone', t('customer.phone'), phone),
      field('email', 'edit-email', t('customer.email'), email), field('birthday', 'edit-birthday', t('customer.birthday'), birthday)),
    h('div', { class: 'row checks' },
      h('label', { class: 'check', 'data-key': 'consents' }, byEmail, ' ' + t('customer.consent_email')),
      h('label', { class: 'check' }, bySms, ' ' + t('customer.consent_sms'))),
    h('div', { class: 'err form' }), h('p', {}, save));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const blank = (v) => (v.trim() === '' ? null : v.trim());
    // A date typed in part reads as empty: sent, it would clear the birthday on file.
    if (birthday.validity.badInput) return showError(form, { field: 'birthday', message: t('customer.birthday_partial') });
    save.disabled = true;
    try {
      // Only a consent support changed here is sent: the customer may have withdrawn one
      // (the e-mail's unsubscribe link) since the page was opened, and sending the box as
      // it was loaded gave it back.
      const consents = {};
      if (byEmail.checked !== !!(c.consents && c.consents.email)) consents.email = byEmail.checked;
      if (bySms.checked !== !!(c.consents && c.consents.sms)) consents.sms = bySms.checked;
      const body = { name: name.value.trim(), phone: blank(phone.value), email: blank(email.value), birthday: blank(birthday.value) };
      if (Object.keys(consents).length) body.consents = consents;
      await api('PUT', '/v1/admin/customers/' + encodeURIComponent(c.id), body);
      await reload(t('customer.contacts_saved'));
    } catch (e) {
      showError(form, e);
    } finally {
      save.disabled = false;
    }
  });
  return h('details', { class: 'action', id: 'edit-contacts' }, h('summary', {}, t('customer.edit_contacts')), form);
}

// A step that cannot be undone, or that surprises: the first press says what will happen
// under the form, the second does it; editing the form asks again.
function secondPress(form, go, text) {
  if (go.dataset.armed === text) return true;
  go.dataset.armed = text;
  go.classList.add('armed');
  let note = form.querySelector('.confirm-note');
  if (!note) { note = h('div', { class: 'confirm-note warn' }); form.append(note); }
  note.textContent = text;
  return false;
}
function disarm(form, go) {
  delete go.dataset.armed;
  go.classList.remove('armed');
  form.querySelector('.confirm-note')?.remove();
}

function adjustForm(card, reload) {
  const n = card.number;
  const points = h('input', { id: 'adjust-points-' + n, class: 'adjust-points', inputmode: 'numeric', placeholder: '+100 / -100' });
  const reason = h('input', { id: 'adjust-reason-' + n, class: 'adjust-reason' });
  const go = h('button', { type: 'submit', class: 'adjust' }, t('customer.adjust'));
  const form = h('form', { class: 'adjust-form' },
    h('div', { class: 'row' }, field('points', 'adjust-points-' + n, t('customer.adjust_points'), points),
      field('reason', 'adjust-reason-' + n, t('customer.reason'), reason), go),
    h('div', { class: 'err form' }));
  points.addEventListener('input', () => disarm(form, go));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const amount = intOrText(points.value);
    // The reason is what the audit log and the customer's history say of the change: a
    // change of points without one read «reason: —» for ever.
    if (!reason.value.trim()) {
      showError(form, { field: 'reason', message: t('customer.reason_required') });
      return;
    }
    // Taking more than the card holds puts it into debt: said first, done on a second press.
    if (typeof amount === 'number' && amount < 0 && -amount > Math.max(card.usable, 0) &&
        !secondPress(form, go, t('customer.into_debt', { usable: pointsText(card.usable), debt: pointsText(-amount - Math.max(card.usable, 0)) })))
      return;
    busy(go, async () => {
      try {
        await api('POST', `/v1/admin/cards/${encodeURIComponent(n)}/points`,
          { adjust_id: adjustId(), points: amount, reason: reason.value.trim() });
        await reload(t('customer.adjusted', { card: n, points: pointsText(amount, { signed: true }) }));
      } catch (e) { showError(form, e); }
    })();
  });
  return form;
}

function statusForm(card, reload) {
  const blocked = card.status === 'blocked';
  const go = h('button', { type: 'submit', class: blocked ? 'unblock' : 'block secondary' },
    blocked ? t('customer.unblock') : t('customer.block'));
  const form = h('form', { class: 'status-form' }, h('div', { class: 'field', 'data-key': 'status' }, go, h('div', { class: 'err' })), h('div', { class: 'err form' }));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    // A blocked card gets no loyalty at any till: said first, done on a second press.
    if (!blocked && !secondPress(form, go, t('customer.block_confirm', { card: card.number }))) return;
    busy(go, async () => {
      try {
        await api('PUT', '/v1/admin/cards/' + encodeURIComponent(card.number), { status: blocked ? 'active' : 'blocked' });
        await reload(t(blocked ? 'customer.unblocked' : 'customer.blocked', { card: card.number }));
      } catch (e) { showError(form, e); }
    })();
  });
  return form;
}

// An EAN-13's last digit checks the twelve before it (weights 1 and 3 from the left).
function ean13Valid(number) {
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(number[i]) * (i % 2 ? 3 : 1);
  return (10 - (sum % 10)) % 10 === Number(number[12]);
}

function replaceForm(card, reload) {
  const n = card.number;
  const fresh = h('input', { id: 'new-card-' + n, class: 'new-card', inputmode: 'numeric' });
  const go = h('button', { type: 'submit', class: 'replace secondary' }, t('customer.replace'));
  const form = h('form', { class: 'replace-form' },
    h('div', { class: 'row' }, field('new_card', 'new-card-' + n, t('customer.new_card'), fresh), go),
    h('div', { class: 'err form' }));
  fresh.addEventListener('input', () => disarm(form, go));
  // The number as printed on the card ("2000 0000 0007 7"): its spaces and dashes go.
  const typed = () => fresh.value.replace(/[\s-]/g, '');
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    // A mistyped number silently became a new card with the whole balance on it: a number
    // head office has never seen, or an EAN-13 whose check digit is wrong, is said first.
    const number = typed();
    let warning = '';
    if (/^\d{13}$/.test(number) && !ean13Valid(number)) warning = t('customer.replace_bad_check', { new_card: number });
    else {
      try { await api('GET', '/v1/cards/' + encodeURIComponent(number)); } catch (e) {
        if (e.status === 404) warning = t('customer.replace_unknown', { new_card: number });
      }
    }
    if (!secondPress(form, go, (warning ? warning + ' ' : '') + t('customer.replace_confirm', { card: n, new_card: number }))) return;
    busy(go, async () => {
      try {
        await api('POST', `/v1/admin/cards/${encodeURIComponent(n)}/replace`, { new_card: typed() });
        await reload(t('customer.replaced', { card: n, new_card: typed() }));
      } catch (e) { showError(form, e); }
    })();
  });
  return form;
}

export function cardActions(card, reload) {
  return h('div', { class: 'card-actions' },
    h('h3', {}, t('customer.adjust_title')), adjustForm(card, reload),
    h('h3', {}, t('customer.lost_title')), replaceForm(card, reload),
    statusForm(card, reload));
}

// Merge: find the other customer (same search as the customers page), then confirm.
export function mergeForm(into, reload) {
  const q = h('input', { id: 'merge-q', type: 'search', autocomplete: 'off', placeholder: t('customers.placeholder') });
  const found = h('div', { id: 'merge-found', class: 'table-wrap' });
  const form = h('div', { class: 'panel', id: 'merge' },
    h('h2', {}, t('customer.merge_title')), h('p', { class: 'muted' }, t('customer.merge_hint')),
    h('div', { class: 'row' }, field('from', 'merge-q', t('customers.search'), q)), found, h('div', { class: 'err form' }));
  let timer = null;
  let asked = 0;
  async function search() {
    const text = q.value.trim();
    const mine = ++asked;
    found.textContent = '';
    if (!text) return;
    try {
      const { customers } = await api('GET', '/v1/admin/customers?q=' + encodeURIComponent(text));
      if (mine !== asked) return;
      const others = customers.filter((c) => c.id !== into.id);
      if (!others.length) { found.append(h('p', { class: 'muted' }, t('customers.none'))); return; }
      found.append(h('table', {}, h('tbody', {}, others.map((c) => {
        const go = h('button', { type: 'button', class: 'secondary merge-from', 'data-id': c.id }, t('customer.merge_this'));
        go.addEventListener('click', busy(go, async () => {
          // The first click arms the button; the second merges.
          if (!go.classList.contains('armed')) { go.classList.add('armed'); go.textContent = t('customer.merge_confirm'); return; }
          try {
            await api('POST', `/v1/admin/customers/${encodeURIComponent(into.id)}/merge`, { from: c.id });
            await reload(t('customer.merged', { from: c.name || c.id }));
          } catch (e) { showError(form, e); }
        }));
        return h('tr', { 'data-id': c.id }, h('td', {}, c.name || c.id), h('td', {}, phoneText(c.phone)),
          h('td', {}, c.cards.join(', ')), h('td', {}, go));
      }))));
    } catch (e) {
      if (mine === asked) showError(form, e);
    }
  }
  q.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(search, kDebounceMs); });
  return form;
}

// Erase the customer's personal data at their request: their points and purchases stay,
// their name, phone, e-mail and birthday go everywhere, the audit log included. It cannot be
// undone: the first press says so, the second erases.
export function eraseForm(customer, reload) {
  const go = h('button', { type: 'button', class: 'secondary erase', id: 'erase-customer' }, t('customer.erase'));
  const form = h('div', { class: 'panel', id: 'erase' },
    h('h2', {}, t('customer.erase_title')), h('p', { class: 'muted' }, t('customer.erase_hint')), go,
    h('div', { class: 'err form' }));
  go.addEventListener('click', busy(go, async () => {
    if (!go.classList.contains('armed')) { go.classList.add('armed'); go.textContent = t('customer.erase_confirm'); return; }
    try {
      await api('POST', `/v1/admin/customers/${encodeURIComponent(customer.id)}/erase`, {});
      await reload(t('customer.erased'));
    } catch (e) { showError(form, e); }
  }));
  return form;
}
