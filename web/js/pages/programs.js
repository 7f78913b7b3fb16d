// Programs: the list (GET /v1/admin/programs) with what each does in a line; owner and
// marketer open the form, every other role a read-only view (#program/ID).
import { api } from '../api.js';
import { t } from '../i18n.js';
import { h, add } from '../dom.js';
import { common, kinds, toInput, doesText } from '../program_kinds.js';

export async function programsPage(main, { canEdit }) {
  main.append(h('h1', {}, t('programs.title')));
  if (canEdit) main.append(h('p', {}, h('a', { href: '#program/', id: 'new-program' }, t('programs.new'))));
  const box = h('div', { class: 'panel table-wrap' }, t('common.loading'));
  main.append(box);
  try {
    const { programs, explained = {} } = await api('GET', '/v1/admin/programs');
    box.textContent = '';
    if (!programs.length) { box.append(h('p', { class: 'muted' }, t('programs.none'))); return; }
    box.append(h('table', { id: 'programs' },
      h('thead', {}, h('tr', {}, ['id', 'name', 'kind', 'does', 'enabled', 'priority'].map((k) => h('th', {}, t('program.' + k))))),
      h('tbody', {}, programs.map((p) => h('tr', { 'data-id': p.id },
        h('td', {}, h('a', { href: '#program/' + encodeURIComponent(p.id) }, p.id)),
        h('td', {}, p.name || ''), h('td', {}, t('kind.' + p.kind)), h('td', { class: 'does' }, doesText(p, explained[p.id])),
        h('td', {}, p.enabled === false ? t('common.no') : t('common.yes')), h('td', {}, p.priority ?? 100))))));
  } catch (e) {
    box.textContent = '';
    box.append(h('div', { class: 'banner bad' }, e.message));
  }
}

// One program for the roles that read it (support explains a customer's points with it):
// what it does, its fields as the form names them, and the document itself.
export async function programViewPage(main, { id }) {
  add(main, h('p', {}, h('a', { href: '#programs', id: 'back-to-programs' }, '← ' + t('programs.title'))));
  let doc, explained;
  try {
    const list = await api('GET', '/v1/admin/programs');
    doc = list.programs.find((p) => p.id === id);
    explained = doc && doesText(doc, (list.explained || {})[id]);
  } catch (e) {
    add(main, h('div', { class: 'banner bad' }, e.message));
    return;
  }
  if (!doc) { add(main, h('div', { class: 'banner bad', id: 'program-missing' }, t('program.missing', { id }))); return; }
  const fields = [...common, ...(kinds[doc.kind] || [])].filter(([key]) => doc[key] !== undefined && key !== 'id');
  add(main, h('h1', { id: 'program-title' }, doc.name || doc.id),
    h('div', { class: 'panel' },
      explained ? h('p', { id: 'program-does' }, explained) : null,
      h('table', { id: 'program-fields' }, h('tbody', {},
        h('tr', {}, h('th', {}, t('program.id')), h('td', {}, doc.id)),
        h('tr', {}, h('th', {}, t('program.kind')), h('td', {}, t('kind.' + doc.kind))),
        fields.filter(([key]) => key !== 'kind' && key !== 'name').map(([key, type]) =>
          h('tr', { 'data-key': key }, h('th', {}, t('program.' + key)), h('td', {}, h('pre', {}, toInput(type, doc[key])))))))),
    h('div', { class: 'panel' }, h('h2', {}, t('program.raw')), h('pre', { id: 'program-json' }, JSON.stringify(doc, null, 2))));
}
