import type { ErrorBody, PublicInquiryFormDto, PublicInquiryReceiptDto } from '@newsdesk/shared';

export const FORM_URL = '/api/public/inquiries/token';
export const INQUIRIES_URL = '/api/public/inquiries';

export type SendResult =
  | { ok: true; receipt: PublicInquiryReceiptDto }
  | { ok: false; status: number; message: string; details: NonNullable<ErrorBody['details']> };

/** A fresh form token and the attachment limits. */
export async function loadForm(fetcher: typeof fetch): Promise<PublicInquiryFormDto> {
  const response = await fetcher(FORM_URL, { headers: { accept: 'application/json' }, credentials: 'same-origin' });
  if (!response.ok) throw new Error(`The form could not be loaded (${response.status})`);
  return (await response.json()) as PublicInquiryFormDto;
}

/** Posts the form as multipart/form-data; a refusal comes back as a value, a network failure as a rejection. */
export async function sendInquiry(fetcher: typeof fetch, body: FormData): Promise<SendResult> {
  const response = await fetcher(INQUIRIES_URL, { method: 'POST', body, headers: { accept: 'application/json' }, credentials: 'same-origin' });
  const parsed: unknown = await response.json().catch(() => null);
  if (response.ok) return { ok: true, receipt: parsed as PublicInquiryReceiptDto };
  const error = (parsed ?? {}) as Partial<ErrorBody>;
  return {
    ok: false,
    status: response.status,
    message:
      typeof error.message === 'string'
        ? error.message
        : response.status >= 500
          ? 'The server ran into a problem.'
          : `The inquiry could not be sent (${response.status}).`,
    details: Array.isArray(error.details) ? error.details : [],
  };
}
