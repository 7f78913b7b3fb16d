// Notifications (#notifications): campaigns (notify_campaigns.js), the templates of each
// event and language with a live preview, and the delivery log. Owner and marketer edit;
// support and the auditor read (support does not see campaigns: the API keeps them from it).
import { api } from '../api.js';
import { errorText } from '../error_text.js';
import { t } from '../i18n.js';
import { h, clear } from '../dom.js';
import { field, showError, showOk, clearErrors, when } from '../form_fields.js';
import { campaignsTab } from './notify_campaigns.js';

export function canEditNotifications(role) { return role === 'owner' || role === 'marketer'; }

function templatesTab(box, { edit }) {
  const event = h('select', { id: 'tpl-event' });
  const locale = h('select', { id: 'tpl-locale' }, h('option', { value: 'ru' }, 'Русский'), h('option', { value: 'en' }, 'English'));
  const subject = h('input', { id: 'tpl-subject', readonly: !edit });
  const text = h('textarea', { id: 'tpl-text', rows: 6, readonly: !edit });
  const placeholders = h('p', { class: 'muted', id: 'tpl-placeholders' });
  const custom = h('span', { id: 'tpl-custom', class: 'muted' });
  const banner = h('div', { id: 'tpl-banner' });
  const preview = h('div', { class: 'preview', id: 'tpl-preview' });
  let templates = [];
  let timer = null;
  const form = h('form', { class: 'panel', id: 'tpl-form' }, banner,
    h('div', { class: 'row' }, field('event', t('notify.event'), event), field('locale', t('notify.locale'), locale), custom),
    h('div', { class: 'row' }, field('subject', t('notify.subject'), subject, true)),
    h('div', { class: 'row' }, field('text', t('notify.text'), text, true)), placeholders,
    edit ? h('p', {}, h('button', { type: 'submit', id: 'tpl-save' }, t('notify.tpl_save')), ' ',
      h('button', { type: 'button', class: 'secondary', id: 'tpl-reset', onclick: reset }, t('notify.tpl_reset'))) : null);

  const path = () => `/v1/admin/notifications/templates/${encodeURIComponent(event.value)}/${locale.value}`;
  const current = () => templates.find((x) => x.event === event.value && x.locale === locale.value);
  function show() {
    const c = current();
    if (!c) return;
    subject.value = c.subject;
    text.value = c.text;
    placeholders.textContent = t('notify.placeholders') + ' ' + c.placeholders.map((p) => '{' + p + '}').join(' ');
    custom.textContent = c.custom ? t('notify.tpl_custom') : t('notify.tpl_builtin');
    clearErrors(form, banner);
    refresh();
  }
  // What the text says with sample values, as the marketer types (the API renders it).
  async function refresh() {
    try {
      const r = await api('POST', path() + '/preview', { subject: subject.value, text: text.value });
      clear(preview).append(h('div', { class: 'subject', id: 'tpl-preview-subject' }, r.subject),
        h('pre', { id: 'tpl-preview-text' }, r.text));
      clearErrors(form, null);
    } catch (e) {
      clear(preview).append(h('div', { class: 'error', id: 'tpl-preview-error' }, e.message));
      showError(form, null, e);
    }
  }
  const later = () => { clearTimeout(timer); timer = setTimeout(refresh, 250); };
  subject.addEventListener('input', later);
  text.addEventListener('input', later);
  event.addEventListener('change', show);
  locale.addEventListener('change', show);
  async function load() {
    ({ templates } = await api('GET', '/v1/admin/notifications/templates'));
    const keep = event.value;
    clear(event).append(...[...new Set(templates.map((x) => x.event))].map((e) => h('option', { value: e }, t('notify.event_' + e))));
    if (keep) event.value = keep;
    show();
  }
  async function reset() {
    try {
      await api('DELETE', path());
      await load();
      showOk(form, banner, t('notify.tpl_was_reset'));
    } catch (e) { showError(form, banner, e); }
  }
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    try {
      await api('PUT', path(), { subject: subject.value, text: text.value });
      await load();
      showOk(form, banner, t('notify.tpl_saved'));
    } catch (e) { showError(form, banner, e); }
  });
  box.append(h('div', { class: 'two' }, form, h('div', { class: 'panel' }, h('h2', {}, t('notify.preview')), preview)));
  return load().catch((e) => box.append(h('div', { class: 'banner bad' }, e.message)));
}

function logTab(box) {
  const customer = h('input', { id: 'log-customer', placeholder: 'c-…' });
  const out = h('div', { class: 'panel table-wrap', id: 'log-body' });
  const load = async () => {
    const q = new URLSearchParams({ limit: '200' });
    if (customer.value.trim()) q.set('customer', customer.value.trim());
    out.textContent = t('common.loading');
    try {
      const { notifications } = await api('GET', '/v1/admin/notifications?' + q);
      clear(out);
      if (!notifications.length) { out.append(h('p', { class: 'muted' }, t('notify.log_none'))); return; }
      const cols = ['queued_at', 'event', 'channel', 'state', 'reason', 'sent_at', 'customer', 'card'];
      out.append(h('table', { id: 'delivery-log' },
        h('thead', {}, h('tr', {}, cols.map((k) => h('th', {}, t('notify.log_' + k))))),
        h('tbody', {}, notifications.map((n) => h('tr', { 'data-id': n.id, 'data-state': n.state },
          h('td', { class: 'nowrap' }, when(n.queued_at)), h('td', {}, t('notify.event_' + n.event)), h('td', {}, t('notify.channel_' + n.channel)),
          h('td', {}, h('span', { class: 'state ' + n.state }, t('notify.state_' + n.state))), h('td', {}, errorText(n.reason) || ''),
          h('td', { class: 'nowrap' }, when(n.sent_at)), h('td', {}, n.customer || ''), h('td', {}, n.card || ''))))));
    } catch (e) {
      clear(out).append(h('div', { class: 'banner bad' }, e.message));
    }
  };
  box.append(h('div', { class: 'panel row' }, field('customer', t('notify.log_customer'), customer),
    h('button', { type: 'button', id: 'log-load', onclick: load }, t('common.show'))), out);
  return load();
}

export function notificationsPage(main, { me }) {
  const edit = canEditNotifications(me.role);
  const tabs = [['templates', (box) => templatesTab(box, { edit })], ['log', logTab]];
  if (me.role !== 'support') tabs.unshift(['campaigns', (box) => campaignsTab(box, { edit })]);
  const body = h('div', { id: 'notify-body' });
  const bar = h('div', { class: 'tabs', role: 'tablist' });
  // A tab once opened is kept, hidden, while another is looked at: a campaign typed half
  // way was gone after a look at the templates. The log is read anew each time.
  const built = new Map();
  const open = (id) => {
    for (const b of bar.children) b.classList.toggle('active', b.dataset.tab === id);
    for (const [k, box] of built) box.hidden = k !== id;
    if (built.has(id) && id !== 'log') return Promise.resolve();
    built.get(id)?.remove();
    const box = h('div', { id: 'notify-' + id });
    built.set(id, box);
    body.append(box);
    return tabs.find(([k]) => k === id)[1](box);
  };
  for (const [id] of tabs) bar.append(h('button', { type: 'button', class: 'tab', id: 'tab-' + id, 'data-tab': id, role: 'tab', onclick: () => open(id) }, t('notify.tab_' + id)));
  main.append(h('h1', {}, t('nav.notifications')), bar, body);
  return open(tabs[0][0]);
}
