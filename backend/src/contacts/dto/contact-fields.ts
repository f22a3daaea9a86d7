import { domainToASCII } from 'node:url';

/** Trims text; an empty string clears the field (null). */
export const trimToNull = ({ value }: { value: unknown }) => {
  if (typeof value !== 'string') return value;
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
};

export const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export const lowerCase = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toLowerCase() : value);

/** `@News.Example.` → `news.example`; an internationalised name → its punycode form. Leaves anything else for the validator to refuse. */
export function normaliseDomain(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const plain = value.trim().toLowerCase().replace(/^@/, '').replace(/\.$/, '');
  return domainToASCII(plain) || plain;
}

/** Normalised, without repeats. */
export const domainList = ({ value }: { value: unknown }) =>
  Array.isArray(value) ? [...new Set(value.map(normaliseDomain))] : value;

/** A mail domain with at least two labels and a real top-level label. */
export const DOMAIN = /^(?=.{4,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;
export const DOMAIN_MESSAGE = 'each domain must be a mail domain such as example-news.com';

export const PHONE = /^[+()0-9 .\-/]{3,40}$/;
