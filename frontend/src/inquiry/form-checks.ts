import type { PublicInquiryFormDto } from '@newsdesk/shared';

export type FieldErrors = Record<string, string[]>;

export type AttachmentLimits = Pick<PublicInquiryFormDto, 'maxAttachments' | 'maxAttachmentBytes' | 'maxTotalBytes'>;

export interface InquiryValues {
  name: string;
  email: string;
  outlet: string;
  requestType: string;
  subject: string;
  message: string;
  deadlineDate: string;
  deadlineTime: string;
  deadlineTimezone: string;
  attachments: { name: string; size: number }[];
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** What 1.5 MB looks like to a person. */
export function formatBytes(bytes: number): string {
  const megabytes = bytes / (1024 * 1024);
  if (megabytes >= 1) return `${Number.isInteger(megabytes) ? megabytes : megabytes.toFixed(1)} MB`;
  return `${Math.ceil(bytes / 1024)} KB`;
}

/**
 * The checks a browser can make before sending, worded like the server's, so a journalist on a slow
 * connection hears about a missing field at once. The server checks everything again.
 */
export function checkInquiry(values: InquiryValues, limits: AttachmentLimits): FieldErrors {
  const errors: FieldErrors = {};
  const add = (field: string, message: string) => {
    errors[field] = [...(errors[field] ?? []), message];
  };
  if (!values.name.trim()) add('name', 'Enter your name');
  if (!values.email.trim()) add('email', 'Enter your email address');
  else if (!EMAIL.test(values.email.trim())) add('email', 'Enter an email address in the correct format, like name@example.com');
  if (!values.outlet.trim()) add('outlet', 'Enter the outlet you work for, or "Freelance"');
  if (values.deadlineDate || values.deadlineTime) {
    if (!values.deadlineDate) add('deadlineDate', 'Enter the deadline date, or leave the whole deadline empty');
    if (!values.deadlineTime) add('deadlineTime', 'Enter the deadline time, or leave the whole deadline empty');
    if (!values.deadlineTimezone) add('deadlineTimezone', 'Choose the time zone of your deadline');
  }
  if (!values.requestType) add('requestType', 'Choose the kind of request');
  if (!values.subject.trim()) add('subject', 'Enter a subject');
  if (!values.message.trim()) add('message', 'Enter your message');

  const files = values.attachments;
  if (files.length > limits.maxAttachments) {
    add('attachments', limits.maxAttachments === 0 ? 'This form does not take attachments' : `Attach at most ${limits.maxAttachments} files (you chose ${files.length})`);
  } else {
    for (const file of files) {
      if (file.size > limits.maxAttachmentBytes) {
        add('attachments', `"${file.name}" is too large: each file can be at most ${formatBytes(limits.maxAttachmentBytes)}`);
      }
    }
    const total = files.reduce((sum, file) => sum + file.size, 0);
    if (total > limits.maxTotalBytes && !errors.attachments) {
      add('attachments', `The attachments add up to ${formatBytes(total)}; together they can be at most ${formatBytes(limits.maxTotalBytes)}`);
    }
  }
  return errors;
}
