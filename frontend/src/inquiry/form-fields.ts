import { REQUEST_TYPE_LABELS, REQUEST_TYPES } from '@newsdesk/shared';

/** The form's fields, in page order; `name` is the API field, so server errors land next to the right input. */
export interface FieldSpec {
  name: string;
  label: string;
  kind: 'text' | 'email' | 'tel' | 'date' | 'time' | 'select' | 'textarea' | 'file';
  required?: boolean;
  hint?: string;
  autocomplete?: string;
  maxLength?: number;
  options?: { value: string; label: string }[];
}

export const CONTACT_FIELDS: FieldSpec[] = [
  { name: 'name', label: 'Your name', kind: 'text', required: true, autocomplete: 'name', maxLength: 200 },
  {
    name: 'email',
    label: 'Email address',
    kind: 'email',
    required: true,
    autocomplete: 'email',
    maxLength: 254,
    hint: 'We send the acknowledgement and our answer here.',
  },
  {
    name: 'outlet',
    label: 'Outlet',
    kind: 'text',
    required: true,
    autocomplete: 'organization',
    maxLength: 200,
    hint: 'Publication, programme or agency, or “Freelance”.',
  },
  { name: 'phone', label: 'Phone number', kind: 'tel', autocomplete: 'tel', maxLength: 40, hint: 'Optional. For a quick call before your deadline.' },
];

export const DEADLINE_FIELDS: FieldSpec[] = [
  { name: 'deadlineDate', label: 'Date', kind: 'date' },
  { name: 'deadlineTime', label: 'Time', kind: 'time' },
  { name: 'deadlineTimezone', label: 'Time zone', kind: 'select' },
];

export const INQUIRY_FIELDS: FieldSpec[] = [
  {
    name: 'requestType',
    label: 'What do you need?',
    kind: 'select',
    required: true,
    options: [{ value: '', label: 'Choose one' }, ...REQUEST_TYPES.map((type) => ({ value: type, label: REQUEST_TYPE_LABELS[type] }))],
  },
  { name: 'subject', label: 'Subject', kind: 'text', required: true, maxLength: 200, hint: 'The story or topic, in a few words.' },
  { name: 'message', label: 'Your question', kind: 'textarea', required: true, maxLength: 20_000 },
  { name: 'attachments', label: 'Attachments', kind: 'file' },
];

export const ALL_FIELDS = [...CONTACT_FIELDS, ...DEADLINE_FIELDS, ...INQUIRY_FIELDS];

export function fieldId(name: string): string {
  return `inquiry-${name}`;
}
