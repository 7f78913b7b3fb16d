// A card found by its number that has no customer yet (sold anonymously): the customers'
// search finds only customers, so support once saw "nobody found" for a card that exists.
// Shows its status and points (GET /v1/cards/{number}) and, for owner and support, gives it
// a customer (PUT /v1/admin/cards/{number} with customer), whose view then opens with every
// action; the card's history becomes that customer's (docs/office.md "Reports").
import { api } from '../api.js';
import { t, number as count } from '../i18n.js';
import { h } from '../dom.js';
import { field, showError } from '../form_fields.js';

// The digits of what was typed when it can be a card number (4 to 32 digits, printed in
// groups or not); null otherwise.
export function cardNumberOf(q) {
  const digits = q.replace(/[\s-]/g, '');
  return /^\d{4,32}$/.test(digits) ? digits : null;
}

export async function cardWithoutCustomer(number, me) {
  let card;
  try {
    card = await api('GET', '/v1/cards/' + encodeURIComponent(number));
  } catch {
    return null;  // no such card (404), or not this role's to see
  }
  if (card.customer) return null;
  const box = h('div', { class: 'panel', id: 'card-without-customer', 'data-card': number },
    h('h2', {}, t('customers.card_alone', { card: number })),
    h('p', {}, t('customers.card_state', {
      status: t('customers.status_' + card.card.status), points: count(card.points.balance) })));
  if (me && (me.role === 'owner' || me.role === 'support')) {
    const name = h('input', { id: 'alone-name', maxlength: 200 });
    const phone = h('input', { id: 'alone-phone', type: 'tel' });
    const banner = h('div', { id: 'card-customer-banner' });
    const form = h('form', { class: 'row', id: 'card-customer-form' },
      field('customer.name', t('customers.name'), name), field('customer.phone', t('customers.phone'), phone),
      h('button', { type: 'submit', id: 'card-customer-save' }, t('customers.give_customer')));
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      const customer = { name: name.value.trim() };
      if (phone.value.trim()) customer.phone = phone.value.trim();
      try {
        const saved = await api('PUT', '/v1/admin/cards/' + encodeURIComponent(number), { customer });
        location.hash = '#customer/' + encodeURIComponent(saved.customer.id);
      } catch (e) { showError(form, banner, e); }
    });
    box.append(form, banner);
  }
  return box;
}
