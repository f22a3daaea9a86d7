import { REQUEST_TYPES, type RequestType } from '@newsdesk/shared';

/** Header carrying the web form's structured fields; only trusted on raw messages from the `web` door. */
export const WEB_FORM_HEADER = 'x-newsdesk-form';

export interface WebFormFields {
  deadlineAt: string | null;
  outlet: string | null;
  phone: string | null;
  requestType: RequestType | null;
}

export function webFormFields(header: string | undefined): WebFormFields | null {
  if (!header) return null;
  try {
    const value = JSON.parse(Buffer.from(header, 'base64').toString('utf8')) as Partial<Record<keyof WebFormFields, unknown>>;
    const text = (field: unknown, max: number) => (typeof field === 'string' && field.trim() ? field.trim().slice(0, max) : null);
    const deadline = text(value.deadlineAt, 40);
    return {
      deadlineAt: deadline && !Number.isNaN(Date.parse(deadline)) ? new Date(deadline).toISOString() : null,
      outlet: text(value.outlet, 200),
      phone: text(value.phone, 40),
      requestType: REQUEST_TYPES.includes(value.requestType as RequestType) ? (value.requestType as RequestType) : null,
    };
  } catch {
    return null;
  }
}

export function encodeWebFormFields(fields: WebFormFields): string {
  return Buffer.from(JSON.stringify(fields)).toString('base64');
}
