// Campaigns on the #notifications page: the list, a form with the segment (groups, level,
// last purchase after/before, birthday month, store), the recipient count before anything
// is sent (POST /v1/admin/campaigns/count), a draft, a test send to oneself, start, the
// progress while it runs (GET /v1/admin/campaigns/{id} every second), and stop.
import { api } from '../api.js';
import { t } from '../i18n.js';
import { h, clear } from '../dom.js';
import { field, showError, showOk, clearErrors, when, day, numOrText } from '../form_fields.js';

const POLL_MS = 1000;

// Every recipient queued is «done» to the API; while some still wait (quiet hours, the daily
// limit, a retry) the page says so rather than «завершена».
function stateText(c) {
  if (c.state === 'done' && c.progress && c.progress.queued > 0) return t('notify.cstate_waiting', { n: c.progress.queued });
  return t('notify.cstate_' + c.state);
}

function segmentForm(stores) {
  const groups = h('input', { id: 'seg-groups', placeholder: 'vip, new' });
  const levelProgram = h('input', { id: 'seg-level-program' });
  const levelPercent = h('input', { id: 'seg-level-percent', inputmode: 'numeric' });
  const after = h('input', { id: 'seg-after', type: 'date' });
  const before = h('input', { id: 'seg-before', type: 'date' });
  const month = h('select', { id: 'seg-birthday' }, h('option', { value: '' }, '—'),
    Array.from({ length: 12 }, (_, i) => h('option', { value: String(i + 1) }, t('notify.month_' + (i + 1)))));
  const store = h('select', { id: 'seg-store' }, h('option', { value: '' }, t('notify.any_store')),
    stores.map((s) => h('option', { value: s.id }, s.name)));
  const el = h('fieldset', { class: 'segment' }, h('legend', {}, t('notify.segment')),
    h('div', { class: 'row' }, field('segment.groups', t('notify.seg_groups'), groups),
      field('segment.level', t('notify.seg_level_program'), levelProgram),
      field('segment.level.percent', t('notify.seg_level_percent'), levelPercent)),
    h('div', { class: 'row' }, field('segment.last_purchase_after', t('notify.seg_after'), after),
      field('segment.last_purchase_before', t('notify.seg_before'), before),
      field('segment.birthday_month', t('notify.seg_birthday'), month), field('segment.store', t('notify.seg_store'), store)));
  // Only what is filled in narrows the segment; an empty form is every customer.
  const value = () => {
    const s = {};
    const g = groups.value.split(',').map((x) => x.trim()).filter(Boolean);
    if (g.length) s.groups = g;
    if (levelProgram.value.trim()) s.level = { program: levelProgram.value.trim(), percent: numOrText(levelPercent.value) };
    if (after.value) s.last_purchase_after = after.value;
    if (before.value) s.last_purchase_before = before.value;
    if (month.value) s.birthday_month = Number(month.value);
    if (store.value) s.store = store.value;
    return s;
  };
  return { el, value };
}

// A segment as a person reads it: «все клиенты», or each condition («группы: vip; месяц
// рождения: март; покупал в магазине: Тверская»).
export function segmentText(seg, stores) {
  const parts = [];
  if (seg?.groups?.length) parts.push(t('notify.seg_groups') + ': ' + seg.groups.join(', '));
  if (seg?.level) parts.push(t('notify.seg_level_program') + ': ' + seg.level.program + (seg.level.percent !== undefined ? ` ${seg.level.percent} %` : ''));
  if (seg?.last_purchase_after) parts.push(t('notify.seg_after') + ': ' + day(seg.last_purchase_after));
  if (seg?.last_purchase_before) parts.push(t('notify.seg_before') + ': ' + day(seg.last_purchase_before));
  if (seg?.birthday_month) parts.push(t('notify.seg_birthday') + ': ' + t('notify.month_' + seg.birthday_month));
  if (seg?.store) parts.push(t('notify.seg_store') + ': ' + ((stores || []).find((x) => x.id === seg.store)?.name || seg.store));
  return parts.length ? parts.join('; ') : t('notify.seg_everyone');
}

function progressView(c, total) {
  const p = c.progress;
  const done = p.sent + p.failed + p.suppressed;
  const finished = (c.state === 'done' || c.state === 'stopped') && p.queued === 0;
  // Finished, the messages made are the whole: a customer who left the segment between the
  // count and the start (unsubscribed) made «3 of 5» stay so for good.
  if (finished) total = done;
  const max = Math.max(total, c.queued, done, 1);
  return h('div', { id: 'campaign-progress-box', 'data-finished': finished ? 'yes' : 'no' },
    h('progress', { id: 'campaign-progress', max, value: done }),
    h('div', { id: 'campaign-progress-text' },
      t('notify.progress', { done, total: Math.max(total, c.queued) }), ' · ',
      ['queued', 'sent', 'failed', 'suppressed'].map((k) => h('span', { class: 'count', 'data-count': k, 'data-n': p[k] }, t('notify.state_' + k) + ': ' + p[k] + ' ')),
      finished ? h('strong', { id: 'campaign-finished' }, t(c.state === 'done' ? 'notify.finished' : 'notify.stopped')) : null));
}

// One campaign: its text and state, its progress, and what a writer may do in that state.
async function campaignView(box, id, { edit, relist, stores }) {
  const banner = h('div', { id: 'campaign-banner' });
  const panel = h('div', { class: 'panel', id: 'campaign-detail' });
  clear(box).append(panel);
  let total = 0;
  let counted = false;
  let turn = 0;  // only the latest drawing goes on polling
  let shownState = '';
  async function draw() {
    const mine = ++turn;
    let c;
    try { c = await api('GET', '/v1/admin/campaigns/' + encodeURIComponent(id)); } catch (e) {
      clear(panel).append(h('div', { class: 'banner bad' }, e.message));
      return;
    }
    if (!panel.isConnected || mine !== turn) return;
    // Whom it reaches: counted once (a running campaign's number of messages grows to it).
    if (!counted && c.state !== 'done' && c.state !== 'stopped') {
      counted = true;
      try { total = (await api('POST', '/v1/admin/campaigns/count', { channel: c.channel, segment: c.segment })).recipients; } catch { total = 0; }
    }
    const to = h('input', { id: 'test-to', placeholder: c.channel === 'sms' ? '+7…' : 'me@shop.ru' });
    const testForm = h('form', { class: 'row', id: 'campaign-test-form' }, field('to', t('notify.test_to'), to),
      h('button', { type: 'submit', class: 'secondary', id: 'campaign-test' }, t('notify.test_send')));
    testForm.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      try {
        await api('POST', `/v1/admin/campaigns/${encodeURIComponent(id)}/test`, { to: to.value.trim() });
        showOk(testForm, banner, t('notify.test_sent', { to: to.value.trim() }));
      } catch (e) { showError(testForm, banner, e); }
    });
    const act = (what) => async () => {
      try {
        await api('POST', `/v1/admin/campaigns/${encodeURIComponent(id)}/${what}`);
        clearErrors(panel, banner);
        relist();
        draw();
      } catch (e) { showError(panel, banner, e); }
    };
    // Starting sends to everyone at once and cannot be taken back: the first press says to
    // how many, the second starts.
    const start = h('button', { type: 'button', id: 'campaign-start' }, t('notify.start'));
    let armed = false;
    start.addEventListener('click', async () => {
      if (armed) return act('start')();
      // Counted again now: the draft's count is as old as the page, and customers withdraw
      // consent in between.
      try { total = (await api('POST', '/v1/admin/campaigns/count', { channel: c.channel, segment: c.segment })).recipients; } catch { /* the last count stands */ }
      armed = true;
      start.textContent = t('notify.start_confirm', { n: total });
      start.setAttribute('data-armed', 'yes');
    });
    // (Element.append would write a null as "null": h() leaves it out.)
    clear(panel).append(h('div', {},
      h('h2', {}, c.name, ' ', h('span', { class: 'state ' + c.state, id: 'campaign-state', 'data-state': c.state }, stateText(c))),
      banner,
      h('p', { class: 'muted' }, `${t('notify.channel_' + c.channel)} · ${t('notify.created_by', { who: c.created_by, at: when(c.created_at) })}`),
      c.subject ? h('div', { class: 'subject' }, c.subject) : null, h('pre', {}, c.text),
      h('p', { class: 'muted', id: 'campaign-segment' }, t('notify.segment') + ': ' + segmentText(c.segment, stores)),
      progressView(c, total),
      edit && c.state === 'draft' ? testForm : null,
      edit ? h('p', {},
        c.state === 'draft' ? start : null, ' ',
        c.state === 'draft' || c.state === 'running' ? h('button', { type: 'button', class: 'danger', id: 'campaign-stop', onclick: act('stop') }, t('notify.stop')) : null) : null));
    // The list's line follows the view: when the state changes (a run that ended), and with
    // each count of a run (it once said «ждут 3 · 28/31» beside «завершена, 31 из 31»).
    if ((shownState && shownState !== c.state) || c.state === 'running' || c.progress.queued > 0) relist();
    shownState = c.state;
    // Progress while it runs: the view is asked again every second until nothing waits.
    if (c.state === 'running' || c.progress.queued > 0) setTimeout(() => { if (panel.isConnected && mine === turn) draw(); }, POLL_MS);
  }
  await draw();
}

function campaignForm(stores, { onCreated }) {
  const name = h('input', { id: 'c-name', maxlength: 200 });
  const channel = h('select', { id: 'c-channel' }, h('option', { value: 'email' }, t('notify.channel_email')), h('option', { value: 'sms' }, t('notify.channel_sms')));
  const subject = h('input', { id: 'c-subject' });
  const text = h('textarea', { id: 'c-text', rows: 4, placeholder: '{name}, …' });
  const seg = segmentForm(stores);
  const banner = h('div', { id: 'c-banner' });
  const count = h('div', { id: 'campaign-recipients', class: 'muted' });
  const form = h('form', { class: 'panel', id: 'campaign-form' }, h('h2', {}, t('notify.new_campaign')), banner,
    h('div', { class: 'row' }, field('name', t('notify.c_name'), name), field('channel', t('notify.channel'), channel)),
    h('div', { class: 'row' }, field('subject', t('notify.subject'), subject, true)),
    h('div', { class: 'row' }, field('text', t('notify.c_text'), text, true)),
    h('p', { class: 'muted' }, t('notify.c_hint')), seg.el, count,
    h('p', {}, h('button', { type: 'button', class: 'secondary', id: 'campaign-count', onclick: countNow }, t('notify.count')), ' ',
      h('button', { type: 'submit', id: 'campaign-create' }, t('notify.create'))));
  async function countNow() {
    try {
      const { recipients } = await api('POST', '/v1/admin/campaigns/count', { channel: channel.value, segment: seg.value() });
      clearErrors(form, banner);
      count.dataset.n = recipients;
      count.textContent = t('notify.recipients', { n: recipients });
    } catch (e) { showError(form, banner, e); }
  }
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const body = { name: name.value.trim(), channel: channel.value, text: text.value, segment: seg.value() };
    if (subject.value.trim()) body.subject = subject.value.trim();
    try {
      const c = await api('POST', '/v1/admin/campaigns', body);
      // Emptied: the form left filled made a second press an identical second draft.
      name.value = '';
      subject.value = '';
      text.value = '';
      delete count.dataset.n;
      count.textContent = '';
      showOk(form, banner, t('notify.created', { n: c.recipients }));
      onCreated(c.id);
    } catch (e) { showError(form, banner, e); }
  });
  return form;
}

export async function campaignsTab(box, { edit }) {
  const list = h('div', { class: 'panel table-wrap', id: 'campaigns-box' });
  const detail = h('div', { id: 'campaign-box' });
  async function relist() {
    try {
      const { campaigns } = await api('GET', '/v1/admin/campaigns');
      clear(list).append(h('h2', {}, t('notify.campaigns')));
      if (!campaigns.length) { list.append(h('p', { class: 'muted' }, t('notify.campaigns_none'))); return; }
      list.append(h('table', { id: 'campaigns' },
        h('thead', {}, h('tr', {}, ['c_name', 'channel', 'state', 'sent', 'created'].map((k) => h('th', {}, t('notify.col_' + k))))),
        h('tbody', {}, campaigns.map((c) => h('tr', { 'data-id': c.id },
          h('td', {}, h('a', { href: '#notifications', 'data-open': c.id, onclick: (ev) => { ev.preventDefault(); open(c.id); } }, c.name)),
          h('td', {}, t('notify.channel_' + c.channel)), h('td', {}, stateText(c)), h('td', {}, c.state === 'draft' ? '—' : `${c.progress.sent} / ${c.queued}`),
          h('td', { class: 'nowrap' }, when(c.created_at)))))));
    } catch (e) {
      clear(list).append(h('div', { class: 'banner bad' }, e.message));
    }
  }
  let stores = [];
  try { ({ stores } = await api('GET', '/v1/admin/stores')); } catch { stores = []; }
  const open = (id) => campaignView(detail, id, { edit, relist, stores });
  box.append(list, detail);
  if (edit) box.append(campaignForm(stores, { onCreated: (id) => { relist(); open(id); } }));
  await relist();
}
