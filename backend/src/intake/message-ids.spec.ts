import { randomBytes } from 'node:crypto';
import { hashMessageId, isOurSignedMessageId, normaliseMessageId, parseMessageIdList, signedMessageId } from './message-ids.js';

const KEY = Buffer.from('0123456789abcdef0123456789abcdef');
const DOMAIN = 'mail.newsdesk.example.org';

describe('normaliseMessageId', () => {
  it('strips angle brackets and surrounding whitespace', () => {
    expect(normaliseMessageId('  <abc.123@paper.example>  ')).toBe('abc.123@paper.example');
  });

  it('lower-cases the domain only', () => {
    expect(normaliseMessageId('<CAF=Xy_Z@Mail.Gmail.COM>')).toBe('CAF=Xy_Z@mail.gmail.com');
  });

  it('joins an id folded over several lines', () => {
    expect(normaliseMessageId('<very-long-id\r\n 12345@paper.example>')).toBe('very-long-id12345@paper.example');
  });

  it('accepts an id without brackets and drops a trailing comment', () => {
    expect(normaliseMessageId('abc@Paper.Example (Jane Doe)')).toBe('abc@paper.example');
  });

  it('takes the first id when a header carries trailing text', () => {
    expect(normaliseMessageId('<first@paper.example> (message from Jane of Mon, 3 Mar)')).toBe('first@paper.example');
  });

  it.each([null, undefined, '', '   ', '<>', '< >', '@paper.example', 'abc@', 'bad\u0000id@x.example', `<${'a'.repeat(1000)}@x.example>`])(
    'rejects %j',
    (raw) => {
      expect(normaliseMessageId(raw)).toBeNull();
    },
  );
});

describe('parseMessageIdList', () => {
  it('reads a References header in order', () => {
    expect(parseMessageIdList('<a@x.example> <b@X.Example>\r\n\t<c@x.example>')).toEqual(['a@x.example', 'b@x.example', 'c@x.example']);
  });

  it('removes repeats, keeping the first position', () => {
    expect(parseMessageIdList('<a@x.example> <b@x.example> <A@X.EXAMPLE> <a@x.example>')).toEqual(['a@x.example', 'b@x.example', 'A@x.example']);
  });

  it('reads several header values', () => {
    expect(parseMessageIdList(['<a@x.example>', '<b@x.example> <a@x.example>'])).toEqual(['a@x.example', 'b@x.example']);
  });

  it('skips garbage between and inside the brackets', () => {
    expect(parseMessageIdList('<a@x.example> (Jane\'s message of Monday) <> <b@x.example>')).toEqual(['a@x.example', 'b@x.example']);
  });

  it('reads ids written without brackets', () => {
    expect(parseMessageIdList('a@x.example, b@x.example junk')).toEqual(['a@x.example', 'b@x.example']);
  });

  it('returns nothing for a missing header', () => {
    expect(parseMessageIdList(null)).toEqual([]);
    expect(parseMessageIdList(undefined)).toEqual([]);
    expect(parseMessageIdList('')).toEqual([]);
  });
});

describe('signed Message-IDs', () => {
  it('makes ids of the form <nd.<unique>.<mac>@domain>', () => {
    expect(signedMessageId(KEY, DOMAIN)).toMatch(/^<nd\.[a-z2-7]{24}\.[a-z2-7]{10}@mail\.newsdesk\.example\.org>$/);
  });

  it('makes a different id each time', () => {
    expect(signedMessageId(KEY, DOMAIN)).not.toBe(signedMessageId(KEY, DOMAIN));
  });

  it('makes the same id for the same caller-supplied unique part', () => {
    expect(signedMessageId(KEY, DOMAIN, 'outbox-42')).toBe(signedMessageId(KEY, DOMAIN, 'outbox-42'));
  });

  it('verifies its own ids after normalisation', () => {
    const id = normaliseMessageId(signedMessageId(KEY, DOMAIN))!;
    expect(isOurSignedMessageId(KEY, DOMAIN, id)).toBe(true);
    expect(isOurSignedMessageId(KEY, 'MAIL.Newsdesk.Example.ORG', id)).toBe(true);
  });

  it('verifies an id whose case a mail system changed', () => {
    const id = normaliseMessageId(signedMessageId(KEY, DOMAIN, 'outbox-7'))!;
    expect(isOurSignedMessageId(KEY, DOMAIN, id.toUpperCase())).toBe(true);
  });

  it('refuses an id signed with another key', () => {
    const forged = normaliseMessageId(signedMessageId(randomBytes(32), DOMAIN))!;
    expect(isOurSignedMessageId(KEY, DOMAIN, forged)).toBe(false);
  });

  it('refuses a guessed id', () => {
    expect(isOurSignedMessageId(KEY, DOMAIN, `nd.outbox-42.aaaaaaaaaa@${DOMAIN}`)).toBe(false);
  });

  it('refuses tampered ids', () => {
    const id = normaliseMessageId(signedMessageId(KEY, DOMAIN, 'outbox-42'))!;
    const [, unique, mac] = /^nd\.([^.]+)\.([^@]+)@/.exec(id)!;
    const flip = (s: string) => (s[0] === 'a' ? 'b' : 'a') + s.slice(1);
    expect(isOurSignedMessageId(KEY, DOMAIN, id.replace(`.${unique}.`, '.outbox-43.'))).toBe(false);
    expect(isOurSignedMessageId(KEY, DOMAIN, id.replace(`.${mac}@`, `.${flip(mac)}@`))).toBe(false);
    expect(isOurSignedMessageId(KEY, DOMAIN, id.replace(`.${mac}@`, `.${mac.slice(0, 9)}@`))).toBe(false);
    expect(isOurSignedMessageId(KEY, DOMAIN, id.replace('nd.', 'xx.'))).toBe(false);
  });

  it('refuses a valid signature on another domain', () => {
    const other = normaliseMessageId(signedMessageId(KEY, 'evil.example'))!;
    expect(isOurSignedMessageId(KEY, DOMAIN, other)).toBe(false);
    const moved = normaliseMessageId(signedMessageId(KEY, DOMAIN))!.replace(DOMAIN, 'evil.example');
    expect(isOurSignedMessageId(KEY, 'evil.example', moved)).toBe(false);
  });

  it('refuses ids that are not ours at all', () => {
    expect(isOurSignedMessageId(KEY, DOMAIN, 'CAF=abc@mail.gmail.com')).toBe(false);
    expect(isOurSignedMessageId(KEY, DOMAIN, '')).toBe(false);
  });

  it('rejects unusable input', () => {
    expect(() => signedMessageId(Buffer.alloc(4), DOMAIN)).toThrow(/at least 16 bytes/);
    expect(() => signedMessageId(KEY, DOMAIN, 'Has.Dots')).toThrow(/lower-case/);
    expect(() => signedMessageId(KEY, 'bad domain')).toThrow(/domain/);
  });
});

describe('hashMessageId', () => {
  const mail = [
    'Return-Path: <jane@paper.example>',
    'Received: from mx.paper.example by mx.newsdesk.example.org; Mon, 3 Mar 2025 10:00:01 +0000',
    'From: Jane Doe <jane@paper.example>',
    'To: news@newsdesk.example.org',
    'Subject: A question about',
    ' the budget',
    'Date: Mon, 3 Mar 2025 10:00:00 +0000',
    '',
    'Could you comment?   ',
    '',
  ].join('\r\n');

  it('makes a sha256 id in the .invalid domain', () => {
    expect(hashMessageId(Buffer.from(mail))).toMatch(/^sha256-[0-9a-f]{64}@hash\.invalid$/);
  });

  it('is stable across doors: line endings, trace headers, folding and trailing whitespace', () => {
    const viaImap = [
      'Delivered-To: news@newsdesk.example.org',
      'Received: from other.example by imap.example; Mon, 3 Mar 2025 10:00:05 +0000',
      'From: Jane Doe <jane@paper.example>',
      'To: news@newsdesk.example.org',
      'Subject: A question about the budget',
      'Date: Mon, 3 Mar 2025 10:00:00 +0000',
      'X-Spam-Score: 0.1',
      '',
      'Could you comment?',
    ].join('\n');
    expect(hashMessageId(Buffer.from(viaImap))).toBe(hashMessageId(Buffer.from(mail)));
  });

  it('differs when the body differs', () => {
    expect(hashMessageId(Buffer.from(mail.replace('comment?', 'comment today?')))).not.toBe(hashMessageId(Buffer.from(mail)));
  });

  it('differs when the sender differs', () => {
    expect(hashMessageId(Buffer.from(mail.replace('From: Jane', 'From: John')))).not.toBe(hashMessageId(Buffer.from(mail)));
  });

  it('keeps every byte of a non-UTF-8 body', () => {
    const latin1 = Buffer.concat([Buffer.from('From: a@x.example\r\n\r\n'), Buffer.from([0xe9])]);
    const other = Buffer.concat([Buffer.from('From: a@x.example\r\n\r\n'), Buffer.from([0xe8])]);
    expect(hashMessageId(latin1)).not.toBe(hashMessageId(other));
  });
});
