import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import type Mail from 'nodemailer/lib/mailer/index.js';
import { Readable } from 'node:stream';
import { crlf, mimeBytes } from './mime-bytes.js';

/** nodemailer's own stream build, line ends made CRLF: what the outbox stored before the synchronous pass. */
async function streamed(options: Mail.Options): Promise<Buffer> {
  const composed = await new MailComposer(options).compile().build();
  return Buffer.from(composed.toString('latin1').replace(/\r\n|\r|\n/g, '\r\n'), 'latin1');
}

const fixed = { date: new Date('2026-12-07T06:30:00Z'), baseBoundary: 'fixedboundary', messageId: '<ack.1@newsdesk.example>' };
const pdf = Buffer.from('%PDF-1.4\n\u0000\u00ff binary \r bytes\n'.repeat(40), 'latin1');
const mails: [string, Mail.Options][] = [
  ['an acknowledgement: text and HTML, auto-reply headers', {
    from: { name: 'Press office', address: 'news@newsdesk.example' },
    replyTo: 'news@newsdesk.example',
    to: [{ name: 'Jo Reporter', address: 'jo@daily.example' }],
    cc: [],
    subject: 'Re: Bridge works [ND-42]',
    text: 'Dear Jo,\n\nThank you for your inquiry. Your reference is [ND-42].\n',
    html: '<p>Dear Jo,</p><p>Thank you for your inquiry. Your reference is [ND-42].</p>',
    inReplyTo: '<abc@daily.example>',
    references: '<abc@daily.example>',
    headers: { 'Auto-Submitted': 'auto-replied', 'X-Auto-Response-Suppress': 'All', 'X-Loop': 'news@newsdesk.example' },
  }],
  ['non-ASCII names, subject and bodies, long lines, bare CR and LF', {
    from: { name: 'Presse, Ville de Genève "officiel"', address: 'news@newsdesk.example' },
    to: [{ name: 'Zoë Ünal', address: 'zoe@quotidien.example' }, { name: '', address: 'desk@quotidien.example' }],
    cc: [{ name: '李 雷', address: 'li@daily.example' }],
    subject: 'Re: Réponse à votre demande — 東京 [ND-7] ' + 'très long sujet '.repeat(8),
    text: 'Bonjour Zoë,\r\nligne\rautre\n' + 'é'.repeat(200) + '\n  trailing space \n\ttab\t\n',
    html: `<p>${'Grüße '.repeat(60)}</p>\n<p>東京</p>`,
  }],
  ['attachments: a binary file and a text file with mixed line ends', {
    from: 'news@newsdesk.example',
    to: 'sam@weekly.example',
    subject: 'Annex',
    text: 'The annex is attached.',
    html: '<p>The annex is attached.</p>',
    attachments: [
      { filename: 'Fact sheet é.pdf', contentType: 'application/pdf', content: pdf },
      { filename: 'figures.csv', contentType: 'text/csv', content: Buffer.from('a,b\r\n1,2\n3,4\r5,6') },
      { filename: 'empty.txt', contentType: 'text/plain', content: Buffer.alloc(0) },
    ],
  }],
  ['text only, ASCII, 7bit', { from: 'news@newsdesk.example', to: 'kim@slow.example', subject: 'Plain', text: 'Short plain text.' }],
  ['an empty text', { from: 'news@newsdesk.example', to: 'kim@slow.example', subject: 'Empty', text: '' }],
];

describe('the MIME bytes of an outgoing mail', () => {
  it.each(mails)('are byte for byte what nodemailer streams: %s', async (_name, options) => {
    const expected = await streamed({ ...options, ...fixed });
    const actual = await mimeBytes({ ...options, ...fixed });
    expect(actual.toString('latin1')).toBe(expected.toString('latin1'));
    expect(actual.toString('latin1')).not.toMatch(/\r(?!\n)|(?<!\r)\n/);
  });

  it('falls back to nodemailer’s stream build for content it does not hold in memory', async () => {
    const options = { ...mails[0][1], ...fixed, attachments: [{ filename: 'notes.txt', content: Readable.from([Buffer.from('streamed notes\n')]) }] };
    const expected = await streamed({ ...options, attachments: [{ filename: 'notes.txt', content: Readable.from([Buffer.from('streamed notes\n')]) }] });
    expect((await mimeBytes(options)).toString("latin1")).toBe(expected.toString("latin1"));
  });

  it('keeps bytes that already end every line with CRLF as they are, and converts bare CR and LF', () => {
    const clean = Buffer.from('Subject: a\r\n\r\nbody\r\n');
    expect(crlf(clean)).toBe(clean);
    expect(crlf(Buffer.from('a\nb\rc\r\n\n')).toString()).toBe('a\r\nb\r\nc\r\n\r\n');
    expect(crlf(Buffer.from('\r')).toString()).toBe('\r\n');
  });
});
