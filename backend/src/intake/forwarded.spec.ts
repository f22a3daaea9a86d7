import { originalSender } from './forwarded.js';
import type { ParsedAttachment } from './mime/parsed-mail.js';

const attached = (headers: string): ParsedAttachment => ({
  filename: 'original.eml',
  contentType: 'message/rfc822',
  contentDisposition: 'attachment',
  contentId: null,
  related: false,
  content: Buffer.from(`${headers}\r\nSubject: Interview\r\n\r\nFrom: not this <other@elsewhere.example>\r\n`),
  sha256: '',
});

describe('originalSender', () => {
  it('decodes the display name of an attached mail once, keeping its comma', () => {
    expect(originalSender(null, [attached('From: =?utf-8?q?Dupont=2C_Jean?=\r\n <Jean@Quotidien.example>')])).toEqual({
      name: 'Dupont, Jean',
      address: 'jean@quotidien.example',
    });
  });

  it('reads an attached mail whose From: has a comment inside the address', () => {
    expect(originalSender(null, [attached('From: Pat <pat(desk)@radio.example>')])).toEqual({ name: 'Pat', address: 'pat@radio.example' });
  });

  it('keeps the quotes and commas of a quoted name in a forwarded text', () => {
    const text = 'FYI\n\n---------- Forwarded message ---------\nFrom: "Smith, John \\"JJ\\"" <john@herald.example>\nDate: Mon, 3 Jun 2024\n\nHello';
    expect(originalSender(text, [])).toEqual({ name: 'Smith, John "JJ"', address: 'john@herald.example' });
  });

  it('still reads an Outlook "[mailto:…]" line', () => {
    const text = 'FYI\n\n-----Original Message-----\nFrom: Jane Roe [mailto:jane@daily.example]\nSent: Monday\n\nHello';
    expect(originalSender(text, [])).toEqual({ name: 'Jane Roe', address: 'jane@daily.example' });
  });
});
