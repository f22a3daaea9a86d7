import type { JournalistDetailDto } from '@newsdesk/shared';

export type PreferredContact = NonNullable<JournalistDetailDto['preferredContact']>;

export const PREFERRED_CONTACTS: readonly PreferredContact[] = ['email', 'phone', 'any'];

export const PREFERRED_CONTACT_LABELS: Record<PreferredContact, string> = {
  email: 'Email',
  phone: 'Phone',
  any: 'Either',
};

/** As the ticket's contact panel says it. */
export const PREFERRED_CONTACT_SENTENCES: Record<PreferredContact, string> = {
  email: 'Prefers email',
  phone: 'Prefers a phone call',
  any: 'Happy with email or phone',
};
