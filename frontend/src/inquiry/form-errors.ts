import { ALL_FIELDS, fieldId } from './form-fields';
import type { FieldErrors } from './form-checks';
import { element, type InquiryView } from './inquiry-view';

function errorId(field: string): string {
  return `${fieldId(field)}-error`;
}

/** Removes every field error and empties the summary. */
export function clearErrors(view: InquiryView): void {
  for (const [name, input] of view.controls) {
    document.getElementById(errorId(name))?.remove();
    input.removeAttribute('aria-invalid');
    const describedBy = (input.getAttribute('aria-describedby') ?? '').split(' ').filter((id) => id && id !== errorId(name));
    if (describedBy.length) input.setAttribute('aria-describedby', describedBy.join(' '));
    else input.removeAttribute('aria-describedby');
    input.closest('.field')?.classList.remove('field--error');
  }
  view.summary.replaceChildren();
}

/**
 * Shows each message next to its field (aria-invalid, aria-describedby) and in the summary,
 * whose links lead to the fields; the summary is an alert and takes focus, so it is announced.
 * `general` holds messages that belong to no field.
 */
export function showErrors(view: InquiryView, errors: FieldErrors, general: string[] = [], options: { focus?: boolean } = {}): void {
  clearErrors(view);
  const ordered = ALL_FIELDS.map((spec) => spec.name).filter((name) => errors[name]?.length && view.controls.has(name));
  const strays = Object.keys(errors).filter((name) => !view.controls.has(name)).flatMap((name) => errors[name]);
  for (const name of ordered) {
    const input = view.controls.get(name)!;
    const message = element('p', { class: 'field__error', id: errorId(name) }, element('span', { class: 'visually-hidden' }, 'Error: '), errors[name].join(' '));
    input.before(message);
    input.setAttribute('aria-invalid', 'true');
    input.setAttribute('aria-describedby', [input.getAttribute('aria-describedby'), message.id].filter(Boolean).join(' '));
    input.closest('.field')?.classList.add('field--error');
  }
  const links = ordered.map((name) => {
    const link = element('a', { href: `#${fieldId(name)}` }, errors[name].join(' '));
    link.addEventListener('click', (event) => {
      event.preventDefault();
      const input = view.controls.get(name)!;
      input.focus();
      input.scrollIntoView?.({ block: 'center' });
    });
    return element('li', {}, link);
  });
  const texts = [...general, ...strays];
  view.summary.replaceChildren(
    element('h2', { class: 'error-summary__title' }, 'There is a problem'),
    ...texts.map((text) => element('p', {}, text)),
    ...(links.length ? [element('ul', {}, ...links)] : []),
  );
  if (options.focus !== false) view.summary.focus();
}
