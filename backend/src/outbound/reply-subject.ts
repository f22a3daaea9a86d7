/** Our own reply subject: one `Re:` and the reference once. */
export function replySubject(subject: string, reference: string): string {
  const base = subject.replace(/\s*\[ND-\d+\]\s*/gi, ' ').replace(/^\s*(re\s*:\s*)+/i, '').trim() || '(no subject)';
  return `Re: ${base} [${reference}]`;
}
