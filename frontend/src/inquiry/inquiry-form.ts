import type { PublicInquiryFormDto, PublicInquiryReceiptDto } from '@newsdesk/shared';
import { checkInquiry, formatBytes, type AttachmentLimits, type FieldErrors, type InquiryValues } from './form-checks';
import { clearErrors, showErrors } from './form-errors';
import { loadForm, sendInquiry } from './inquiry-api';
import { element, renderInquiryView, type InquiryView } from './inquiry-view';

export interface InquiryFormOptions {
  fetch?: typeof fetch;
  /** The journalist's own zone, preselected for the deadline. */
  timeZone?: string;
}

const DEFAULT_LIMITS: AttachmentLimits = { maxAttachments: 5, maxAttachmentBytes: 10 * 1024 * 1024, maxTotalBytes: 15 * 1024 * 1024 };
const REFRESHED = 'This form had expired, so it has been refreshed. Please check your details and send it again.';
/** Fields kept for a second inquiry: the journalist is the same person. */
const CONTACT = new Set(['name', 'email', 'outlet', 'phone', 'deadlineTimezone']);

function timeZoneList(preferred: string): string[] {
  const zones = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return zones.includes(preferred) ? zones : [preferred, ...zones];
}

/** Builds the public inquiry form into `root` and runs it: token, checks, sending, errors, receipt. */
export function mountInquiryForm(root: HTMLElement, options: InquiryFormOptions = {}): InquiryView {
  const fetcher = options.fetch ?? ((input, init) => fetch(input, init));
  const timeZone = options.timeZone ?? (Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC');
  const view = renderInquiryView(root, timeZoneList(timeZone), timeZone);
  let form: PublicInquiryFormDto | null = null;
  let sending = false;

  const limits = (): AttachmentLimits => form ?? DEFAULT_LIMITS;
  const describeLimits = () => {
    const { maxAttachments, maxAttachmentBytes, maxTotalBytes } = limits();
    view.attachmentsHint.textContent =
      maxAttachments === 0
        ? 'This form does not take attachments.'
        : `Optional. Up to ${maxAttachments} file${maxAttachments === 1 ? '' : 's'}, ${formatBytes(maxAttachmentBytes)} each, ${formatBytes(maxTotalBytes)} in total.`;
  };
  const fallback = () => (form ? ` or email ${form.address}` : '');

  const refreshToken = async (): Promise<boolean> => {
    try {
      form = await loadForm(fetcher);
      view.token.value = form.token;
      describeLimits();
      return true;
    } catch {
      return false;
    }
  };

  const values = (): InquiryValues => {
    const value = (name: string) => view.controls.get(name)?.value ?? '';
    const files = (view.controls.get('attachments') as HTMLInputElement).files;
    return {
      name: value('name'),
      email: value('email'),
      outlet: value('outlet'),
      requestType: value('requestType'),
      subject: value('subject'),
      message: value('message'),
      deadlineDate: value('deadlineDate'),
      deadlineTime: value('deadlineTime'),
      deadlineTimezone: value('deadlineTimezone'),
      attachments: files ? Array.from(files, (file) => ({ name: file.name, size: file.size })) : [],
    };
  };

  /** The fields in page order, then the chosen files (none at all, rather than an empty part, when nothing is attached). */
  const formData = (): FormData => {
    const data = new FormData(view.form);
    data.delete('attachments');
    for (const file of Array.from((view.controls.get('attachments') as HTMLInputElement).files ?? [])) data.append('attachments', file, file.name);
    return data;
  };

  const setSending = (on: boolean) => {
    sending = on;
    view.submit.disabled = on;
    view.submit.textContent = on ? 'Sending…' : 'Send inquiry';
    if (on) view.status.textContent = 'Sending your inquiry…';
    else if (view.status.textContent === 'Sending your inquiry…') view.status.textContent = '';
  };

  const showReceipt = (receipt: PublicInquiryReceiptDto) => {
    clearErrors(view);
    view.form.hidden = true;
    const again = element('button', { type: 'button', class: 'button' }, 'Send another inquiry');
    again.addEventListener('click', () => void startAgain());
    view.receipt.replaceChildren(
      element('h2', { id: 'inquiry-receipt-title' }, receipt.reference ? 'Thank you, we have your inquiry' : 'Thank you, your inquiry has been received'),
      ...(receipt.reference
        ? [element('p', { class: 'receipt__label' }, 'Your reference'), element('p', { class: 'receipt__reference' }, receipt.reference)]
        : []),
      element('p', {}, receipt.message),
      again,
    );
    view.receipt.hidden = false;
    view.status.textContent = receipt.reference ? `Inquiry sent. Your reference is ${receipt.reference}.` : 'Inquiry sent.';
    view.receipt.focus();
  };

  const startAgain = async () => {
    for (const [name, input] of view.controls) if (!CONTACT.has(name)) input.value = '';
    view.receipt.hidden = true;
    view.receipt.replaceChildren();
    view.form.hidden = false;
    view.token.value = '';
    view.controls.get('subject')?.focus();
    await refreshToken();
  };

  const submit = async () => {
    if (sending) return;
    const current = values();
    const problems = checkInquiry(current, limits());
    if (Object.keys(problems).length) {
      showErrors(view, problems);
      return;
    }
    setSending(true);
    try {
      if (!view.token.value && !(await refreshToken())) {
        showErrors(view, {}, ['The form could not reach the press office. Check your connection and try again.']);
        return;
      }
      const result = await sendInquiry(fetcher, formData());
      if (result.ok) {
        showReceipt(result.receipt);
        return;
      }
      const errors: FieldErrors = Object.fromEntries(result.details.map((detail) => [detail.field, detail.messages]));
      if (errors.token) {
        delete errors.token;
        await refreshToken();
        showErrors(view, errors, [REFRESHED]);
      } else if (result.details.length) {
        showErrors(view, errors);
      } else {
        const retry = result.status >= 500 ? ` Your text is still here: try again in a moment${fallback()}.` : '';
        showErrors(view, {}, [`${result.message}${retry}`]);
      }
    } catch {
      showErrors(view, {}, [`The inquiry could not be sent: the press office could not be reached. Your text is still here: check your connection and try again${fallback()}.`]);
    } finally {
      setSending(false);
    }
  };

  view.form.addEventListener('submit', (event) => {
    event.preventDefault();
    void submit();
  });
  describeLimits();
  void refreshToken().then((ok) => {
    // Announced, but focus stays put: the page may sit in an iframe far down the organisation's page.
    if (!ok) showErrors(view, {}, ['The form could not be loaded completely. Check your connection, then send it anyway or reload the page.'], { focus: false });
  });
  return view;
}
