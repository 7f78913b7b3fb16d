// One customer (#customer/ID): contacts and consents, cards with status, balance, levels
// and point lots, purchases and points history across every store, the notification
// delivery log and the audit entries about them (GET /v1/admin/customers/{id},
// GET /v1/admin/notifications?customer=ID). Owner and support also get the actions
// (customer_actions.js); everyone else reads.
import { api } from '../api.js';
import { errorText } from '../error_text.js';
import { t, money, number } from '../i18n.js';
import { h, add } from '../dom.js';
import { phoneText } from './customers.js';
import { contactsForm, cardActions, mergeForm, eraseForm } from './customer_actions.js';
import { actionLabel } from './audit.js';
import { day, when as timeText } from '../form_fields.js';

export function canReadCustomers(role) { return ['owner', 'marketer', 'support', 'auditor'].includes(role); }
export function canChangeCustomers(role) { return role === 'owner' || role === 'support'; }

const yesNo = (v) => (v ? t('common.yes') : t('common.no'));
// A time as written where it happened (a receipt in its store's zone), to the second.
const when = (iso) => (iso ? timeText(iso, { seconds: true }) : '');

function table(id, heads, rows, empty) {
  if (!rows.length) return h('p', { class: 'muted', id: id + '-none' }, empty);
  return h('div', { class: 'table-wrap' }, h('table', { id },
    h('thead', {}, h('tr', {}, heads.map((k) => h('th', {}, t(k))))),
    h('tbody', {}, rows)));
}

function contactsPanel(c) {
  const row = (key, value, attrs) => h('tr', {}, h('th', {}, t('customer.' + key)), h('td', attrs || {}, value));
  return h('table', { id: 'contacts', class: 'kv' }, h('tbody', {},
    row('id', c.id), row('name', c.name || '—'), row('phone', phoneText(c.phone) || '—', { 'data-value': c.phone || '' }),
    row('email', c.email || '—'), row('birthday', day(c.birthday), { 'data-value': c.birthday || '' }),
    row('consent_email', yesNo(c.consents && c.consents.email), { 'data-value': String(!!(c.consents && c.consents.email)) }),
    row('consent_sms', yesNo(c.consents && c.consents.sms), { 'data-value': String(!!(c.consents && c.consents.sms)) })));
}

function levelsText(levels, names) {
  if (!levels || !levels.length) return '—';
  return levels.map((l) => `${names.get(l.program) || l.program}: ${l.percent} %` +
    (l.next ? ` (${t('customer.next_level', { percent: l.next.percent, spent: money(l.next.from_spent) })})` : '')).join('; ');
}

function cardBox(card, actions, names = new Map()) {
  const fig = (key, value, attrs) => h('div', { class: 'tile', 'data-key': key },
    h('div', { class: 'k' }, t('customer.' + key)), h('div', Object.assign({ class: 'v' }, attrs || {}), value));
  // A date is never broken over two lines (the card's narrow table once split them mid-date).
  const date = (d, none) => h('td', { class: 'nowrap', 'data-value': d || '' }, d ? day(d) : none);
  // A lot past its last day burned (it stays listed until an entry folds it away): said
  // so, or the table adds up to more than the balance beside it.
  const lots = card.lots.filter((l) => l.points !== 0).map((l) => h('tr', l.burned ? { class: 'burned', 'data-burned': 'true' } : {},
    h('td', {}, l.program ? names.get(l.program) || l.program : t('customer.by_hand')), h('td', { class: 'num', 'data-value': l.points }, number(l.points)),
    date(l.earned_on, '—'), date(l.usable_from, '—'),
    l.burned ? h('td', { class: 'nowrap', 'data-value': l.burns_after }, t('customer.burned_after', { date: day(l.burns_after) }))
      : date(l.burns_after, t('customer.never'))));
  const title = h('h2', {}, `${t('customer.card')} ${card.number} `,
    h('span', { class: 'status status-' + card.status }, t('status.' + card.status)));
  // A replaced card's points, purchases and levels went to its replacement; a lost card not
  // replaced yet still holds them.
  if (card.status === 'lost' && card.replaced_by)
    return h('div', { class: 'panel card-box', 'data-card': card.number, 'data-status': card.status }, title,
      h('p', { class: 'muted' }, t('customer.lost_note', { card: card.replaced_by })));
  return h('div', { class: 'panel card-box', 'data-card': card.number, 'data-status': card.status }, title,
    card.status === 'lost' ? h('p', { class: 'muted lost-unreplaced' }, t('customer.lost_unreplaced')) : null,
    h('div', { class: 'tiles small' },
      fig('balance', number(card.balance), { 'data-value': card.balance }),
      fig('usable', number(card.usable)), fig('pending', number(card.pending)),
      fig('spent', money(card.spent)), fig('purchases', number(card.purchases)), fig('visits', number(card.visits))),
    h('p', {}, h('span', { class: 'muted' }, t('customer.levels') + ': '), levelsText(card.levels, names),
      card.groups && card.groups.length ? [h('span', { class: 'muted' }, ' · ' + t('customer.groups') + ': '), card.groups.join(', ')] : null),
    table('lots-' + card.number, ['customer.program', 'customer.points', 'customer.earned_on', 'customer.usable_from', 'customer.burns_after'],
      lots, t('customer.nolots')),
    actions);
}

function receiptTotal(p) {
  const d = p.detail || {};
  if (typeof d.total === 'number') return money(d.total);
  if (d.response && typeof d.response.total === 'number') return money(d.response.total);
  if (d.response && typeof d.response.money_returned === 'number') return money(-d.response.money_returned);
  return '';
}

// A receipt's lines as its register journalled them (a refund's: what was returned).
function linesCell(p) {
  const lines = p.detail?.request?.lines;
  if (!Array.isArray(lines) || !lines.length) return '';
  const priced = new Map((p.detail?.response?.lines || []).map((l) => [l.line, l]));
  return h('details', { class: 'lines' }, h('summary', {}, t('customer.lines_n', { n: lines.length })),
    h('ul', {}, lines.map((l) => {
      const what = [l.name, l.sku].filter(Boolean).join(' · ') || '#' + l.line;
      const amount = priced.get(l.line)?.total ?? l.price;
      return h('li', {}, `${what} — ${l.qty} × ${money(l.price ?? priced.get(l.line)?.price)}` +
        (amount !== undefined && l.price === undefined ? ` = ${money(amount)}` : ''));
    })));
}

function purchasesTable(list) {
  return table('purchases', ['customer.at', 'customer.kind', 'customer.receipt', 'customer.card', 'customer.store', 'customer.total', 'customer.lines'],
    list.map((p) => h('tr', { 'data-id': p.id }, h('td', { class: 'nowrap', title: p.at }, when(p.at)), h('td', {}, t('entry.' + p.kind)),
      h('td', {}, p.receipt_id || ''), h('td', {}, p.card), h('td', {}, p.store_name || p.store || p.register || ''),
      h('td', { class: 'num' }, receiptTotal(p)), h('td', {}, linesCell(p)))),
    t('customer.nopurchases'));
}

// Why the points moved: the reason given by hand, else the receipt, refund or cancel.
function pointsReason(p) {
  if (p.reason) return p.reason;
  if (p.receipt_id && ['receipt', 'refund', 'cancel'].includes(p.kind)) return t('customer.why_' + p.kind, { receipt: p.receipt_id });
  return t('entry.' + p.kind);
}

function pointsTable(list) {
  return table('points-history', ['customer.at', 'customer.card', 'customer.accrued', 'customer.redeemed', 'customer.reason', 'customer.store'],
    list.map((p) => h('tr', { 'data-id': p.id }, h('td', { class: 'nowrap', title: p.at }, when(p.at)), h('td', {}, p.card),
      h('td', { class: 'num' }, number(p.accrued)), h('td', { class: 'num' }, number(p.redeemed)), h('td', {}, pointsReason(p)),
      h('td', {}, p.store_name || p.store || ''))),
    t('customer.nopoints'));
}

// With `reload` (owner, support), a message that went out, failed or was suppressed can be
// sent again (POST /v1/admin/notifications/{id}/resend) for a customer who never got it.
function notificationsTable(answer, reload) {
  if (answer instanceof Error) return h('div', { class: 'banner bad' }, answer.message);
  const resendButton = (n) => {
    if (!reload || n.state === 'queued') return null;
    const button = h('button', { type: 'button', class: 'resend', 'data-id': n.id }, t('customer.resend'));
    button.addEventListener('click', async () => {
      button.disabled = true;
      try {
        await api('POST', '/v1/admin/notifications/' + encodeURIComponent(n.id) + '/resend');
        await reload(t('customer.resent'));
      } catch (e) {
        button.disabled = false;
        button.after(h('span', { class: 'err' }, ' ' + e.message));
      }
    });
    return button;
  };
  return table('notifications', ['customer.queued_at', 'customer.event', 'customer.channel', 'customer.state', 'customer.sent_at', 'customer.actions'],
    answer.notifications.map((n) => h('tr', { 'data-id': n.id, 'data-state': n.state },
      h('td', { class: 'nowrap' }, when(n.queued_at)), h('td', {}, t('notify.event_' + n.event) + (n.campaign && n.campaign.name ? ` «${n.campaign.name}»` : '')), h('td', {}, t('notify.channel_' + n.channel)),
      h('td', {}, t('delivery.' + n.state) + (n.reason ? ` (${errorText(n.reason)})` : '')), h('td', { class: 'nowrap' }, when(n.sent_at)),
      h('td', {}, resendButton(n)))),
    t('customer.nonotifications'));
}

function auditTable(list) {
  return table('customer-audit', ['audit.at', 'audit.who', 'audit.action', 'audit.object'],
    list.map((e) => h('tr', {}, h('td', { class: 'nowrap' }, when(e.at)), h('td', {}, e.who),
      h('td', { title: e.action, 'data-action': e.action }, actionLabel(e.action)), h('td', {}, e.object))),
    t('audit.none'));
}

export async function customerPage(main, { me, id }) {
  const canChange = canChangeCustomers(me.role);
  const body = h('div', { id: 'customer-body' }, t('common.loading'));
  main.append(h('p', {}, h('a', { href: '#customers', id: 'back-to-search' }, '← ' + t('nav.customers'))), body);

  // Draws the customer as head office has it now; `message` is the last action's outcome.
  async function load(message) {
    const path = '/v1/admin/customers/' + encodeURIComponent(id);
    const [view, sent, names] = await Promise.all([
      api('GET', path).catch((e) => e),
      api('GET', '/v1/admin/notifications?customer=' + encodeURIComponent(id)).catch((e) => e),
      // Lots under their program's name, not its code.
      api('GET', '/v1/admin/programs').then(({ programs }) => new Map(programs.map((p) => [p.id, p.name || p.id])))
        .catch(() => new Map()),
    ]);
    // Contacts typed but not saved outlive another action's reload (points, a card blocked):
    // they were lost with the form, which closed without a word.
    const open = body.querySelector('#edit-contacts[open]');
    const draft = open && message !== t('customer.contacts_saved')
      ? [...open.querySelectorAll('input')].map((i) => [i.id, i.type === 'checkbox' ? i.checked : i.value]) : null;
    body.textContent = '';
    if (view instanceof Error && view.data && view.data.merged_into) {
      const into = view.data.merged_into;
      body.append(h('div', { class: 'banner', id: 'customer-merged' }, t('customer.merged_away', { id }), ' ',
        h('a', { href: '#customer/' + encodeURIComponent(into), id: 'merged-into' }, into)));
      return;
    }
    if (view instanceof Error) { body.append(h('div', { class: 'banner bad', id: 'customer-error' }, view.message)); return; }
    const reload = (text) => load(text);
    add(body,
      h('h1', { id: 'customer-name' }, view.name || view.id),
      message ? h('div', { class: 'banner ok', id: 'customer-banner', 'data-outcome': 'ok' }, message) : null,
      h('div', { class: 'two' },
        h('div', { class: 'panel' }, h('h2', {}, t('customer.contacts')), contactsPanel(view),
          canChange ? contactsForm(view, reload) : null),
        h('div', {}, view.cards.length ? null : h('p', { class: 'panel muted' }, t('customer.nocards')),
          view.cards.map((c) => cardBox(c, canChange && !c.replaced_by ? cardActions(c, reload) : null, names)))),
      h('div', { class: 'panel' }, h('h2', {}, t('customer.purchases_title')), purchasesTable(view.purchases || [])),
      h('div', { class: 'panel' }, h('h2', {}, t('customer.points_title')), pointsTable(view.points_history || [])),
      h('div', { class: 'panel' }, h('h2', {}, t('customer.notifications_title')), notificationsTable(sent, canChange ? reload : null)),
      h('div', { class: 'panel' }, h('h2', {}, t('customer.audit_title')), auditTable(view.audit || [])),
      canChange ? mergeForm(view, reload) : null,
      me.role === 'owner' ? eraseForm(view, reload) : null);
    if (draft) {
      const form = body.querySelector('#edit-contacts');
      if (form) {
        form.open = true;
        for (const [inputId, value] of draft) {
          const input = form.querySelector('#' + inputId);
          if (!input) continue;
          if (input.type === 'checkbox') input.checked = value; else input.value = value;
        }
      }
    }
  }
  await load('');
}
