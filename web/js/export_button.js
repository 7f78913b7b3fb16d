// An export button with its progress (office.md "Export jobs"): starts an export job
// (POST /v1/admin/export-jobs), shows "12 000 of 100 000 rows" and a bar while it runs
// (GET …/{id} every few hundred ms), and downloads the finished file (…/file) through a
// link the browser saves. Shown only to the roles the route allows.
import { api } from './api.js';
import { t, currentLang } from './i18n.js';
import { h, clear } from './dom.js';

export const kExportRoles = ['owner', 'marketer', 'auditor'];
const kPollMs = 300;

const count = (n) => Number(n || 0).toLocaleString(currentLang() === 'ru' ? 'ru-RU' : 'en-GB');

// file: 'cards.csv' …; options(): the job's other fields ({from, to}) at the time of the click.
export function exportButton(file, options) {
  const kind = file.replace(/\.csv$/, '');
  const status = h('div', { class: 'export-status', id: 'export-' + kind + '-status' });
  const button = h('button', { type: 'button', class: 'secondary', id: 'export-' + kind }, t('export.' + kind));
  let alive = true;

  function show(job) {
    clear(status).setAttribute('data-state', job.state);
    const total = job.total || 0;
    status.append(
      h('progress', { id: 'export-' + kind + '-bar', max: Math.max(total, 1), value: job.state === 'done' ? Math.max(total, 1) : job.done }),
      h('span', { id: 'export-' + kind + '-text' },
        total ? t('export.progress', { done: count(job.done), total: count(total) }) : t('export.counting')));
  }

  function finished(job) {
    // bom=1: Excel on a Russian Windows reads a CSV without the byte order mark as
    // Windows-1251, and every Cyrillic name came out garbled.
    const href = '/v1/admin/export-jobs/' + encodeURIComponent(job.id) + '/file?bom=1';
    const link = h('a', { href, download: file, id: 'export-' + kind + '-link' }, t('export.again', { file }));
    show(job);
    status.append(' ', link);
    if (job.truncated) status.append(h('div', { class: 'muted', id: 'export-' + kind + '-cut' }, t('export.truncated')));
    link.click();  // the browser saves it: the session's cookie goes with the request
    button.disabled = false;
  }

  function failed(message) {
    clear(status).setAttribute('data-state', 'failed');
    status.append(h('div', { class: 'banner bad', id: 'export-' + kind + '-error' }, message));
    button.disabled = false;
  }

  async function start() {
    button.disabled = true;
    clear(status);
    let job;
    try {
      job = await api('POST', '/v1/admin/export-jobs', { file, ...(options ? options() : {}) });
    } catch (e) { return failed(e.message); }
    while (alive && document.contains(button)) {
      if (job.state === 'done') return finished(job);
      if (job.state === 'failed') return failed(job.error);
      show(job);
      await new Promise((r) => setTimeout(r, kPollMs));
      try {
        job = await api('GET', '/v1/admin/export-jobs/' + encodeURIComponent(job.id));
      } catch (e) { return failed(e.message); }
    }
  }
  button.addEventListener('click', start);
  window.addEventListener('hashchange', () => { alive = false; }, { once: true });
  return h('div', { class: 'export' }, button, status);
}
