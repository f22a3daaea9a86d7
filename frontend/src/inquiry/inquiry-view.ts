import { WEB_FORM_HONEYPOT_FIELD } from '@newsdesk/shared';
import { CONTACT_FIELDS, DEADLINE_FIELDS, fieldId, INQUIRY_FIELDS, type FieldSpec } from './form-fields';

type Control = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

/** The page's elements the behaviour needs; built once, text set with textContent only. */
export interface InquiryView {
  form: HTMLFormElement;
  summary: HTMLElement;
  status: HTMLElement;
  submit: HTMLButtonElement;
  token: HTMLInputElement;
  controls: Map<string, Control>;
  attachmentsHint: HTMLElement;
  receipt: HTMLElement;
}

/** createElement with attributes and children; text goes in as text nodes, never as HTML. */
export function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, string> = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  node.append(...children);
  return node;
}

function control(spec: FieldSpec, describedBy: string | null): Control {
  const id = fieldId(spec.name);
  const common: Record<string, string> = { id, name: spec.name };
  if (spec.required) common.required = '';
  if (spec.autocomplete) common.autocomplete = spec.autocomplete;
  if (describedBy) common['aria-describedby'] = describedBy;
  if (spec.maxLength) common.maxlength = String(spec.maxLength);
  if (spec.kind === 'textarea') return element('textarea', { ...common, rows: '8' });
  if (spec.kind === 'select') {
    return element('select', common, ...(spec.options ?? []).map((option) => element('option', { value: option.value }, option.label)));
  }
  if (spec.kind === 'file') return element('input', { ...common, type: 'file', multiple: '' });
  if (spec.kind === 'email') return element('input', { ...common, type: 'email', spellcheck: 'false', autocapitalize: 'off' });
  return element('input', { ...common, type: spec.kind });
}

function field(spec: FieldSpec, controls: Map<string, Control>): HTMLElement {
  const id = fieldId(spec.name);
  const label = element('label', { for: id }, spec.label);
  if (spec.required) label.append(element('span', { class: 'required', 'aria-hidden': 'true' }, ' *'));
  const hint = spec.hint ? element('p', { class: 'field__hint', id: `${id}-hint` }, spec.hint) : null;
  const input = control(spec, hint ? hint.id : null);
  controls.set(spec.name, input);
  return element('div', { class: `field field--${spec.kind}`, 'data-field': spec.name }, label, ...(hint ? [hint] : []), input);
}

export function renderInquiryView(root: HTMLElement, timeZones: string[], timeZone: string): InquiryView {
  const controls = new Map<string, Control>();
  const summary = element('div', { class: 'error-summary', role: 'alert', tabindex: '-1', id: 'inquiry-errors' });
  const status = element('p', { class: 'visually-hidden', role: 'status' });
  const token = element('input', { type: 'hidden', name: 'token', value: '' });

  const deadline = element(
    'fieldset',
    { class: 'deadline', 'aria-describedby': 'inquiry-deadline-hint' },
    element('legend', {}, 'Your deadline'),
    element('p', { class: 'field__hint', id: 'inquiry-deadline-hint' }, 'Optional. When do you need our answer? Leave it empty if there is no deadline.'),
    element('div', { class: 'deadline__parts' }, ...DEADLINE_FIELDS.map((spec) => field(spec, controls))),
  );
  const zone = controls.get('deadlineTimezone') as HTMLSelectElement;
  zone.append(...timeZones.map((name) => element('option', { value: name }, name.replace(/_/g, ' '))));
  zone.value = timeZone;

  const attachmentsField = field(INQUIRY_FIELDS.find((spec) => spec.name === 'attachments')!, controls);
  const attachmentsHint = element('p', { class: 'field__hint', id: `${fieldId('attachments')}-hint` });
  attachmentsField.insertBefore(attachmentsHint, controls.get('attachments')!);
  controls.get('attachments')!.setAttribute('aria-describedby', attachmentsHint.id);

  // For bots only: off-screen, out of the tab order and hidden from assistive technology.
  const honeypot = element(
    'div',
    { class: 'inquiry-trap', 'aria-hidden': 'true' },
    element('label', { for: 'inquiry-website' }, 'Leave this field empty'),
    element('input', { id: 'inquiry-website', name: WEB_FORM_HONEYPOT_FIELD, type: 'text', tabindex: '-1', autocomplete: 'off' }),
  );

  const submit = element('button', { type: 'submit', class: 'button button--primary' }, 'Send inquiry');
  const form = element(
    'form',
    { class: 'form', novalidate: '', 'aria-labelledby': 'inquiry-title' },
    token,
    element('p', { class: 'field__hint' }, 'Fields marked ', element('span', { 'aria-hidden': 'true' }, '*'), element('span', { class: 'visually-hidden' }, 'with an asterisk'), ' are required.'),
    element('fieldset', {}, element('legend', {}, 'About you'), ...CONTACT_FIELDS.map((spec) => field(spec, controls))),
    deadline,
    element(
      'fieldset',
      {},
      element('legend', {}, 'Your inquiry'),
      ...INQUIRY_FIELDS.filter((spec) => spec.name !== 'attachments').map((spec) => field(spec, controls)),
      attachmentsField,
    ),
    honeypot,
    element('div', { class: 'form__actions' }, submit),
  );
  const receipt = element('section', { class: 'receipt', tabindex: '-1', 'aria-labelledby': 'inquiry-receipt-title', hidden: '' });

  root.replaceChildren(
    element(
      'main',
      { class: 'inquiry' },
      element('h1', { id: 'inquiry-title' }, 'Media inquiry'),
      element('p', {}, 'For journalists: tell the press office what you need and by when. You will get an email with a reference number straight away.'),
      summary,
      status,
      form,
      receipt,
    ),
  );
  return { form, summary, status, submit, token, controls, attachmentsHint, receipt };
}
