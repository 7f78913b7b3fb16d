// Dashboard: GET /v1/admin/reports/summary as tiles and uPlot charts (revenue and receipts
// by day with and without a card, points). "No data" when the report is not there (404).
import { api } from '../api.js';
import { t, money, number as count, currentLang } from '../i18n.js';
import { h, add } from '../dom.js';
import { exportButton, kExportRoles } from '../export_button.js';

let uplotLoaded = null;
// uPlot (web/vendor/uplot, MIT) is loaded on the first chart only.
function loadUplot() {
  if (!uplotLoaded) {
    uplotLoaded = new Promise((resolve, reject) => {
      document.head.append(h('link', { rel: 'stylesheet', href: '/vendor/uplot/uPlot.min.css' }));
      const s = h('script', { src: '/vendor/uplot/uPlot.iife.min.js' });
      s.onload = () => resolve(window.uPlot);
      s.onerror = reject;
      document.head.append(s);
    });
  }
  return uplotLoaded;
}

const kReportPath = '/v1/admin/reports/summary?';

// The day as the person at the screen names it (their local date, not UTC's: east of
// Greenwich today's first hours would otherwise fall outside the default period).
function isoDay(d) {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

// Steps for an axis of whole things (receipts, points): 1, 2, 5, 10, 20, 50… — uPlot's own
// steps went down to 0.25 and marked a quarter of a receipt.
const kWholeSteps = Array.from({ length: 30 }, (_, i) => [1, 2, 5][i % 3] * 10 ** Math.floor(i / 3));

// `group`: day, week or month, as the report's periods are; `whole`: the figures are counts.
async function chart(box, title, days, series, { group = 'day', whole = false } = {}) {
  const uPlot = await loadUplot();
  const el = h('div', { class: 'panel chart' }, h('h2', {}, title));
  box.append(el);
  const width = () => Math.max(240, el.clientWidth - 32);
  const xs = days.map((d) => Date.parse(d + 'T00:00:00Z') / 1000);
  const colors = ['#1f6f5c', '#e0a526', '#5470c6', '#b3261e'];
  // Days and numbers as the interface writes them (28.11 and 3 000 in Russian, not 11/28
  // and 3,000): the days are UTC midnights of store-local dates.
  const locale = currentLang() === 'ru' ? 'ru-RU' : 'en-GB';
  const day = (v, withYear) => {
    const d = new Date(v * 1000);
    const dd = String(d.getUTCDate()).padStart(2, '0'), mm = String(d.getUTCMonth() + 1).padStart(2, '0');
    // A month is named by itself (11.2026), not by its first day.
    if (group === 'month') return `${mm}.${d.getUTCFullYear()}`;
    return withYear ? `${dd}.${mm}.${d.getUTCFullYear()}` : `${dd}.${mm}`;
  };
  const number = (v) => (v === null || v === undefined ? '—' : v.toLocaleString(locale));
  // The axis marks the report's own periods (every k-th when they do not fit), not ticks
  // uPlot would place at the browser's local midnights: east of Greenwich those are the
  // previous UTC day, and every label read a day early. Weeks and months start on their day.
  const periods = (u) => {
    const every = Math.max(1, Math.ceil(xs.length / Math.max(1, Math.floor(u.width / 70))));
    return xs.filter((_, i) => i % every === 0);
  };
  const plot = new uPlot({
    width: width(), height: 220,
    series: [{ label: t('dashboard.' + group), value: (u, v) => (v === null ? '—' : day(v, true)) },
      ...series.map(([label], i) => ({ label, stroke: colors[i % colors.length], width: 2, value: (u, v) => number(v) }))],
    axes: [{
      splits: periods,
      values: (u, splits) => {
        const labels = splits.map((v) => day(v, false));
        // What the canvas axis shows, readable from the page (the canvas text is not).
        el.setAttribute('data-axis', labels.join(' '));
        return labels;
      },
    },
      { size: 70, ...(whole ? { incrs: kWholeSteps } : {}),
        values: (u, splits) => {
          const labels = splits.map(number);
          el.setAttribute('data-y-axis', labels.join(' '));
          return labels;
        } }],
  }, [xs, ...series.map(([, values]) => values)], el);
  // The chart follows its panel when the window (a tablet turned) changes width.
  new ResizeObserver(() => { if (plot.width !== width()) plot.setSize({ width: width(), height: 220 }); }).observe(el);
}

// The period, store and grouping last shown, kept for this tab: a reload (or a look at
// another page) once brought the last 30 days back in place of the month being read.
const kShown = 'kopilka.dashboard';
function lastShown() {
  try { return JSON.parse(sessionStorage.getItem(kShown) || 'null') || {}; } catch { return {}; }
}

export async function dashboardPage(main, { me } = {}) {
  const today = new Date();
  const shown = lastShown();
  const from = h('input', { id: 'report-from', type: 'date', value: isoDay(new Date(today.getFullYear(), today.getMonth(), today.getDate() - 29)) });
  const to = h('input', { id: 'report-to', type: 'date', value: isoDay(today) });
  const defaults = { from: from.value, to: to.value };
  if (shown.from && shown.to) { from.value = shown.from; to.value = shown.to; }
  // The chain's stores by name (an id typed by hand once showed an unknown store's zeros).
  const store = h('select', { id: 'report-store' }, h('option', { value: '' }, t('dashboard.allstores')));
  const storesShown = api('GET', '/v1/admin/stores')
    .then(({ stores: list }) => {
      add(store, [...list].sort((a, b) => a.name.localeCompare(b.name, 'ru'))
        .map((s) => h('option', { value: s.id }, s.name)));
      if (shown.store && list.some((s) => s.id === shown.store)) store.value = shown.store;
    })
    .catch(() => {});
  // Program names for the effect table (ids if they cannot be read).
  const programNames = api('GET', '/v1/admin/programs')
    .then(({ programs }) => new Map(programs.map((p) => [p.id, p.name || p.id]))).catch(() => new Map());
  // Day, week (from Monday) or month, as the report groups them (office.md "Reports").
  const group = h('select', { id: 'report-group' },
    ['day', 'week', 'month'].map((g) => h('option', { value: g }, t('dashboard.group_' + g))));
  if (['day', 'week', 'month'].includes(shown.group)) group.value = shown.group;
  const out = h('div', { id: 'dashboard-body' });
  const load = async () => {
    out.textContent = t('common.loading');
    // The chart library loads while the report is asked for, not after it answers.
    loadUplot().catch(() => {});
    const grouping = group.value;  // as asked, should the list change while the report comes
    const q = new URLSearchParams({ from: from.value, to: to.value, group: grouping });
    if (store.value) q.set('store', store.value);
    // Only a choice is kept: the default (the last 30 days) moves on with the date.
    const chosen = from.value !== defaults.from || to.value !== defaults.to || grouping !== 'day' || store.value;
    try {
      if (chosen) sessionStorage.setItem(kShown, JSON.stringify({ from: from.value, to: to.value, group: grouping, store: store.value }));
      else sessionStorage.removeItem(kShown);
    } catch { /* a browser without storage shows the default period */ }
    let r;
    try {
      r = await api('GET', kReportPath + q);
    } catch (e) {
      out.textContent = '';
      out.append(h('div', { class: 'panel muted', id: 'no-data' }, e.status === 404 ? t('dashboard.nodata') : e.message));
      return;
    }
    out.textContent = '';
    const f = r.totals || {};
    // Rates and frequency as the interface writes numbers (a decimal comma in Russian).
    const decimal = (x, digits) => x.toLocaleString(currentLang() === 'ru' ? 'ru-RU' : 'en-GB',
      { minimumFractionDigits: digits, maximumFractionDigits: digits });
    const pct = (x) => (x === null || x === undefined ? '—' : decimal(x * 100, 1) + ' %');
    const num = (x) => (x === null || x === undefined ? '—' : decimal(x, 2));
    const tiles = [
      ['revenue', money(f.revenue?.all)], ['revenue_card', money(f.revenue?.card)],
      ['receipts', count(f.receipts?.all)], ['average_check', money(f.average_check?.all)],
      ['active_customers', count(f.active_customers)], ['new_customers', count(f.new_customers)],
      ['repeat_rate', pct(f.repeat_rate)], ['retention', pct(f.retention)],
      ['frequency', num(f.frequency)], ['clv', money(f.clv)],
      ['issued', count(f.points?.issued)], ['redeemed', count(f.points?.redeemed)],
      ['burned', count(f.points?.burned)], ['adjusted', count(f.points?.adjusted)],
      ['liability', money(f.points?.liability_money)],
    ];
    // What the chain owes, in money and in points (office.md "Reports").
    const sub = { liability: f.points?.liability === undefined ? null : t('dashboard.liability_points', { points: count(f.points.liability) }) };
    // Up to when every register had sent all it held, so a gap is not read as a drop.
    const until = r.complete_until
      ? t('dashboard.complete_until', { when: `${r.complete_until.slice(8, 10)}.${r.complete_until.slice(5, 7)} ${r.complete_until.slice(11, 16)}` })
      : t('dashboard.no_registers');
    out.append(h('p', { class: 'muted', id: 'complete-until', 'data-value': r.complete_until || '' }, until));
    out.append(h('div', { class: 'tiles' }, tiles.map(([k, v]) => h('div', { class: 'tile', 'data-key': k }, h('div', { class: 'k' }, t('dashboard.' + k)), h('div', { class: 'v' }, v),
      sub[k] ? h('div', { class: 'sub muted' }, sub[k]) : null))));
    // The same report as a CSV file (the session's cookie carries the GET).
    const csv = new URLSearchParams(q);
    csv.set('format', 'csv');
    csv.set('bom', '1');  // for Excel, as the exports (export_button.js)
    out.append(h('p', {}, h('a', { href: kReportPath + csv, download: `report-${from.value}-${to.value}.csv`, id: 'report-csv' }, t('dashboard.csv'))));
    // Each program's effect: what it moved, and the average check with and without it.
    if ((r.programs || []).length) {
      const names = await programNames;
      out.append(h('div', { class: 'panel table-wrap' }, h('h2', {}, t('dashboard.programs')),
        h('table', { id: 'report-programs' },
          h('thead', {}, h('tr', {}, ['program', 'receipts', 'discount', 'points_issued', 'points_redeemed', 'average_check', 'average_check_without'].map((k) => h('th', {}, t('dashboard.p_' + k))))),
          h('tbody', {}, r.programs.map((p) => h('tr', { 'data-program': p.program },
            h('td', {}, names.get(p.program) || p.program), h('td', {}, count(p.receipts)), h('td', {}, money(p.discount)),
            h('td', {}, count(p.points_issued)), h('td', {}, count(p.points_redeemed)),
            h('td', {}, money(p.average_check)), h('td', {}, money(p.average_check_without))))))));
    }
    const groups = r.groups || [];
    if (!groups.length) { out.append(h('p', { class: 'muted' }, t('dashboard.nodata'))); return; }
    const days = groups.map((g) => g.period);
    const rub = (x) => (x ?? 0) / 100;
    const by = ' · ' + t('dashboard.group_' + grouping);
    const grouped = { group: grouping }, counts = { group: grouping, whole: true };
    await chart(out, t('dashboard.chart_revenue') + by, days, [
      [t('dashboard.with_card'), groups.map((g) => rub(g.revenue?.card))],
      [t('dashboard.without_card'), groups.map((g) => rub(g.revenue?.no_card))]], grouped);
    await chart(out, t('dashboard.chart_receipts') + by, days, [
      [t('dashboard.with_card'), groups.map((g) => g.receipts?.card ?? 0)],
      [t('dashboard.without_card'), groups.map((g) => g.receipts?.no_card ?? 0)]], counts);
    await chart(out, t('dashboard.chart_points') + by, days, [
      [t('dashboard.issued'), groups.map((g) => g.points?.issued ?? 0)],
      [t('dashboard.redeemed'), groups.map((g) => g.points?.redeemed ?? 0)],
      [t('dashboard.burned'), groups.map((g) => g.points?.burned ?? 0)]], counts);
  };
  add(main, h('h1', {}, t('nav.dashboard')),
    h('div', { class: 'panel row' },
      h('div', { class: 'field' }, h('label', { for: 'report-from' }, t('common.from')), from),
      h('div', { class: 'field' }, h('label', { for: 'report-to' }, t('common.to')), to),
      h('div', { class: 'field' }, h('label', { for: 'report-store' }, t('dashboard.store')), store),
      h('div', { class: 'field' }, h('label', { for: 'report-group' }, t('dashboard.group')), group),
      h('button', { type: 'button', id: 'report-load', onclick: load }, t('common.show'))),
    out,
    // The journal of the period shown, as a CSV file (entries by business time).
    me && kExportRoles.includes(me.role)
      ? h('div', { class: 'panel row exports', id: 'dashboard-exports' }, exportButton('journal.csv', () => ({ from: from.value, to: to.value })))
      : null);
  // A store shown last is chosen once the list has it, before the first report is asked.
  if (shown.store) await storesShown;
  load();
}
