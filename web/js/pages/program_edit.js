// One program: a form per kind, the raw JSON, a preview on a sample receipt computed by
// the rules engine (POST /v1/admin/programs/preview), and save (PUT /v1/admin/programs/{id}).
// Validation is the API's: its message is shown next to the field it names. Only the code
// is checked here: without it the save's address has no program in it, and the API's
// answer to that («this path does not take PUT») says nothing to the person.
import { api } from '../api.js';
import { t, money, number } from '../i18n.js';
import { h, clear } from '../dom.js';
import { common, kinds, fromInput, toInput, sampleReceipt } from '../program_kinds.js';
import { showError as showFieldError, showOk, clearErrors as clearFieldErrors, intOrText } from '../form_fields.js';

export async function programEditPage(main, { id }) {
  let doc = { id: '', name: '', kind: 'discount', enabled: true };
  if (id) {
    try { doc = await api('GET', '/v1/admin/programs/' + encodeURIComponent(id)); } catch (e) {
      main.append(h('div', { class: 'banner bad' }, e.message));
      return;
    }
  }
  const banner = h('div', { id: 'form-banner' });
  const kindSelect = h('select', { id: 'f-kind' }, Object.keys(kinds).map((k) => h('option', { value: k }, t('kind.' + k))));
  kindSelect.value = doc.kind;
  const fieldsBox = h('div', { class: 'row', id: 'fields' });
  const raw = h('textarea', { id: 'raw', rows: 10, spellcheck: 'false' });
  const receipt = h('textarea', { id: 'receipt', rows: 8, spellcheck: 'false' }, JSON.stringify(sampleReceipt, null, 1));
  const cardPoints = h('input', { id: 'card-points', value: '0', inputmode: 'numeric' });
  // What the sample card bought before, in roubles: a level by what was spent can be tried.
  const cardSpent = h('input', { id: 'card-spent', value: '0', inputmode: 'decimal' });
  const result = h('div', { id: 'preview-result', class: 'muted' }, t('preview.hint'));
  let inputs = [];

  const fieldsFor = (kind) => [...common, ...(kinds[kind] || [])];
  function drawFields() {
    fieldsBox.textContent = '';
    inputs = fieldsFor(kindSelect.value).map(([key, type]) => {
      const el = type === 'bool'
        ? h('select', { id: 'f-' + key }, h('option', { value: '' }, '—'), h('option', { value: 'true' }, t('common.yes')), h('option', { value: 'false' }, t('common.no')))
        : h('input', { id: 'f-' + key, spellcheck: 'false', placeholder: type === 'json' ? '{…}' : '' });
      el.value = toInput(type, doc[key]);
      if (key === 'id' && id) el.readOnly = true;
      el.addEventListener('input', formToDoc);
      el.addEventListener('change', formToDoc);
      fieldsBox.append(h('div', { class: 'field' + (type === 'json' ? ' wide' : ''), 'data-key': key },
        h('label', { for: 'f-' + key }, t('program.' + key) + (type === 'json' ? ' (JSON)' : '')), el,
        h('div', { class: 'err' })));
      return [key, type, el];
    });
  }
  // The form's keys replace the document's; other keys (from the raw JSON) stay.
  function formToDoc() {
    const next = { ...doc, kind: kindSelect.value };
    for (const [key, type, el] of inputs) {
      const v = fromInput(type, el);
      if (v === undefined) delete next[key]; else next[key] = v;
    }
    doc = next;
    raw.value = JSON.stringify(doc, null, 2);
  }
  kindSelect.addEventListener('change', () => {
    const keep = new Set(fieldsFor(kindSelect.value).map(([k]) => k));
    for (const [k] of Object.values(kinds).flat()) if (!keep.has(k)) delete doc[k];
    doc.kind = kindSelect.value;
    drawFields();
    formToDoc();
  });
  function applyRaw() {
    try { doc = JSON.parse(raw.value); } catch (e) { return showError(t('program.badjson') + ': ' + e.message, ''); }
    if (kinds[doc.kind]) kindSelect.value = doc.kind;
    drawFields();
    clearErrors();
  }
  // The form's fields and the page's banner (form_fields.js: the message under the field it
  // names, the field's label in the banner).
  const clearErrors = () => clearFieldErrors(fieldsBox, banner);
  const showError = (message, field) => showFieldError(fieldsBox, banner, { message, field });
  const ok = (message) => showOk(fieldsBox, banner, message);

  // A preview's refusal is said beside the preview, where the person looks (the page's
  // banner is out of view above), and the field it names is marked in the form.
  function previewFailed(message, field) {
    showFieldError(fieldsBox, null, { message, field });
    const label = field === 'card_points' ? t('preview.cardpoints') : field === 'card_spent' ? t('preview.cardspent') : field && fieldsBox.querySelector('.field.bad label')?.textContent.trim();
    clear(result).className = '';
    result.append(h('div', { class: 'banner bad', id: 'preview-error', role: 'alert' },
      label ? `${label}: ${message}` : field ? `${field}: ${message}` : message));
  }
  const shownPoints = (n) => (typeof n === 'number' ? number(n) : '—');
  const shownLoyalty = (v) => (v ? t('preview.loyalty_' + v) : '—');
  let previews = 0;  // only the latest attempt's answer is drawn
  async function preview() {
    formToDoc();
    const mine = ++previews;
    // The last result goes at once: one left on screen read as this attempt's answer.
    clear(result).className = 'muted';
    result.textContent = t('common.loading');
    let sample;
    try { sample = JSON.parse(receipt.value); } catch (e) { return previewFailed(t('preview.badreceipt') + ': ' + e.message, ''); }
    try {
      const points = cardPoints.value.trim() === '' ? 0 : intOrText(cardPoints.value);
      const spent = fromInput('rub', cardSpent) ?? 0;
      const { result: r } = await api('POST', '/v1/admin/programs/preview', { program: doc, receipt: sample, card_points: points, card_spent: spent });
      if (mine !== previews) return;
      clearErrors();
      clear(result).className = '';
      result.append(h('table', { id: 'preview-table' }, h('tbody', {},
        [['total_before', money], ['discount', money], ['points_redeemed', shownPoints], ['total', money], ['points_accrued', shownPoints], ['loyalty', shownLoyalty]]
          .map(([k, show]) => h('tr', { 'data-key': k }, h('th', {}, t('preview.' + k)),
            h('td', { 'data-value': r[k] ?? '' }, show(r[k])))))),
      ...(r.applied || []).map((a) => h('p', { class: 'applied' }, `${a.program}: ${a.text || ''}`)));
    } catch (e) {
      if (mine === previews) previewFailed(e.message, e.field);
    }
  }
  async function save() {
    formToDoc();
    if (!doc.id) { showError(t('program.id_missing'), 'id'); main.querySelector('#f-id').focus(); return; }
    try {
      await api('PUT', '/v1/admin/programs/' + encodeURIComponent(doc.id || ''), doc);
      // The address now names the program without redrawing the page (the message stays).
      if (!id) {
        id = doc.id;
        history.replaceState(null, '', '#program/' + encodeURIComponent(id));
        main.querySelector('#f-id').readOnly = true;
        title.textContent = t('program.edit', { id });
      }
      ok(t('program.saved'));
    } catch (e) {
      showError(e.message, e.field);
    }
  }

  drawFields();
  formToDoc();
  const title = h('h1', { id: 'program-edit-title' }, id ? t('program.edit', { id }) : t('programs.new'));
  main.append(
    title,
    h('p', {}, h('a', { href: '#programs' }, '← ' + t('programs.title'))),
    banner,
    h('div', { class: 'panel' }, h('div', { class: 'row' }, h('div', { class: 'field' }, h('label', { for: 'f-kind' }, t('program.kind')), kindSelect)), fieldsBox),
    h('div', { class: 'two' },
      h('div', { class: 'panel' }, h('h2', {}, t('program.raw')), raw,
        h('p', {}, h('button', { type: 'button', class: 'secondary', id: 'apply-raw', onclick: applyRaw }, t('program.applyraw')))),
      h('div', { class: 'panel' }, h('h2', {}, t('preview.title')),
        h('label', { for: 'receipt', class: 'muted' }, t('preview.receipt')), receipt,
        h('div', { class: 'row' }, h('div', { class: 'field' }, h('label', { for: 'card-points' }, t('preview.cardpoints')), cardPoints),
          h('div', { class: 'field' }, h('label', { for: 'card-spent' }, t('preview.cardspent')), cardSpent)),
        h('p', {}, h('button', { type: 'button', class: 'secondary', id: 'preview', onclick: preview }, t('preview.run'))), result)),
    h('p', {}, h('button', { type: 'button', id: 'save', onclick: save }, t('program.save'))));
}
