// Customers: search as you type (GET /v1/admin/customers?q=) by card number, phone in any
// spelling, e-mail or name; each row opens the customer view (#customer/ID). A card number
// with no customer shows the card (card_without_customer.js).
import { api } from '../api.js';
import { t } from '../i18n.js';
import { h, add } from '../dom.js';
import { exportButton, kExportRoles } from '../export_button.js';
import { cardNumberOf, cardWithoutCustomer } from './card_without_customer.js';

// Typing pauses this long before a search is sent: fewer requests than keys, and the
// answer (≤ 150 ms on the bench chain) still arrives while the person looks at the box.
export const kDebounceMs = 100;

// +79991234567 as "+7 999 123-45-67"; other numbers as stored.
export function phoneText(phone) {
  const m = /^\+7(\d{3})(\d{3})(\d{2})(\d{2})$/.exec(phone || '');
  return m ? `+7 ${m[1]} ${m[2]}-${m[3]}-${m[4]}` : (phone || '');
}

export function customersPage(main, { me } = {}) {
  const input = h('input', {
    id: 'customer-q', type: 'search', autocomplete: 'off', spellcheck: 'false',
    placeholder: t('customers.placeholder'), value: sessionStorage.getItem('kopilka.customers.q') || '',
  });
  const out = h('div', { id: 'customers-body', class: 'panel table-wrap' });
  let timer = null;
  let asked = 0; // only the newest question's answer is drawn

  async function search() {
    const q = input.value.trim();
    sessionStorage.setItem('kopilka.customers.q', input.value);
    const mine = ++asked;
    if (!q) { out.textContent = ''; out.append(h('p', { class: 'muted' }, t('customers.hint'))); return; }
    try {
      const { customers } = await api('GET', '/v1/admin/customers?q=' + encodeURIComponent(q));
      if (mine !== asked) return;
      out.textContent = '';
      out.setAttribute('data-q', q);
      if (!customers.length) {
        // A card that exists but has no customer: shown, so that it can be given one.
        const number = cardNumberOf(q);
        const alone = number ? await cardWithoutCustomer(number, me) : null;
        if (mine !== asked) return;
        out.append(alone || h('p', { class: 'muted', id: 'customers-none' }, t('customers.none')));
        return;
      }
      out.append(h('table', { id: 'customers' },
        h('thead', {}, h('tr', {}, ['name', 'phone', 'email', 'cards'].map((k) => h('th', {}, t('customers.' + k))))),
        h('tbody', {}, customers.map((c) => h('tr', { 'data-id': c.id },
          h('td', {}, h('a', { href: '#customer/' + encodeURIComponent(c.id) }, c.name || c.id)),
          h('td', { class: 'nowrap' }, phoneText(c.phone)), h('td', {}, c.email || ''),
          h('td', {}, c.cards.join(', ')))))));
    } catch (e) {
      if (mine !== asked) return;
      out.textContent = '';
      out.append(h('div', { class: 'banner bad', id: 'customers-error' }, e.message));
    }
  }
  input.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(search, kDebounceMs); });

  // Whole-chain CSV files for the roles that may export (owner, marketer, auditor).
  const exports = me && kExportRoles.includes(me.role)
    ? h('div', { class: 'panel row exports', id: 'customers-exports' }, exportButton('customers.csv'), exportButton('cards.csv'))
    : null;
  add(main, h('h1', {}, t('nav.customers')),
    h('div', { class: 'panel row' },
      h('div', { class: 'field wide' }, h('label', { for: 'customer-q' }, t('customers.search')), input)),
    out, exports);
  search();
  input.focus();
}
