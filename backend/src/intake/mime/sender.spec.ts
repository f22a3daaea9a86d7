import { chooseSender, decodeEncodedWords, firstMailbox, rawHeaderValues, withEnvelopeSender } from './sender.js';
import type { ParsedMail } from './parsed-mail.js';

const headersOf = (block: string) => {
  const bytes = Buffer.from(`${block}\n\nbody\n`, 'latin1');
  return rawHeaderValues(bytes, bytes.indexOf('\n\n'));
};
const choose = (block: string) => chooseSender(headersOf(block), (raw) => raw.toString('latin1'));

describe('firstMailbox', () => {
  it.each([
    ['=?utf-8?q?Dupont=2C_Jean?= <jean@paper.example>', 'Dupont, Jean', 'jean@paper.example'],
    ['"Smith, John \\"JJ\\"" <john@paper.example>', 'Smith, John "JJ"', 'john@paper.example'],
    ['Dupont, Jean <jean@paper.example>', 'Dupont, Jean', 'jean@paper.example'],
    ['"=?utf-8?b?Sm9zw6kgRHVwb250?=" <jose@paper.example>', 'José Dupont', 'jose@paper.example'],
    ['=?utf-8?q?Jos=C3=A9?= =?utf-8?q?_Dupont?= <jose@paper.example>', 'José Dupont', 'jose@paper.example'],
    ['=?utf-8?q?=3D=3Futf-8=3Fq=3Fx=3F=3D?= <x@paper.example>', '=?utf-8?q?x?=', 'x@paper.example'],
    ['john . doe @ example.com', null, 'john.doe@example.com'],
    ['(comment) a@b.example', null, 'a@b.example'],
    ['a@b.example (Anna Berg)', 'Anna Berg', 'a@b.example'],
    ['Pete(A nice \\) chap) <pete(his account)@silly.test(his host)>', 'Pete', 'pete@silly.test'],
    ['Jane <jane @ paper.example>', 'Jane', 'jane@paper.example'],
    ['=?utf-8?q?Dupont=2C_Jean?= jean@paper.example', 'Dupont, Jean', 'jean@paper.example'],
    ['=?utf-8?q?Jean_=3Cceo=40paper.example=3E?= <attacker@evil.example>', 'Jean <ceo@paper.example>', 'attacker@evil.example'],
    ['Press desk: Jane <jane@paper.example>, bob@paper.example;', 'Jane', 'jane@paper.example'],
    ['=?iso-8859-1?q?M=FCller=2C_Hans?= <hans@paper.example>', 'Müller, Hans', 'hans@paper.example'],
    ['<Mailer-Daemon@mail.example> (Mail Delivery System)', 'Mail Delivery System', 'Mailer-Daemon@mail.example'],
    ['Mail Delivery Subsystem <MAILER-DAEMON>', 'Mail Delivery Subsystem', 'MAILER-DAEMON'],
  ])('reads %s', (value, name, address) => {
    expect(firstMailbox(value)).toEqual({ name, address });
  });

  it.each(['not a mailbox', 'Jane <jane>', 'undisclosed-recipients:;', '<@paper.example>', 'a@b', 'jane..doe@paper.example', ''])(
    'finds no mailbox in %j',
    (value) => {
      expect(firstMailbox(value)).toBeNull();
    },
  );
});

describe('decodeEncodedWords', () => {
  it('decodes stateful and CJK charsets', () => {
    expect(decodeEncodedWords('=?ISO-2022-JP?B?GyRCJDMkcyRLJEEkTxsoQg==?=')).toBe('こんにちは');
    expect(decodeEncodedWords('=?gb18030?b?xOO6ww==?=')).toBe('你好');
  });

  it('decodes each word once and leaves unknown charsets as written', () => {
    expect(decodeEncodedWords('=?iso-8859-1?q?M=FCller?= und =?x-unknown?q?abc?=')).toBe('Müller und =?x-unknown?q?abc?=');
  });
});

describe('chooseSender', () => {
  it('takes the one From: that parses as a mailbox and records the other', () => {
    expect(choose('From: not a mailbox\nFrom: Jane <jane@paper.example>')).toEqual({
      from: { name: 'Jane', address: 'jane@paper.example' },
      source: 'from',
      otherFrom: ['not a mailbox'],
    });
  });

  it('keeps the first of two valid From: headers and records the second', () => {
    expect(choose('From: Jane <jane@paper.example>\nFrom: =?utf-8?q?Bob?= <bob@daily.example>')).toEqual({
      from: { name: 'Jane', address: 'jane@paper.example' },
      source: 'from',
      otherFrom: ['Bob <bob@daily.example>'],
    });
  });

  it('falls back to Reply-To:, then Sender:, recording which', () => {
    expect(choose('From: \nReply-To: Rep <rep@paper.example>\nSender: Sen <sen@paper.example>')).toMatchObject({ from: { address: 'rep@paper.example' }, source: 'reply-to' });
    expect(choose('From: garbage\nSender: Sen <sen@paper.example>')).toMatchObject({ from: { name: 'Sen', address: 'sen@paper.example' }, source: 'sender', otherFrom: [] });
    expect(choose('Subject: nothing')).toEqual({ from: null, source: null, otherFrom: [] });
  });

  it('reads folded header values', () => {
    expect(choose('From: "Doe,\n Jane" <jane@paper.example>')).toMatchObject({ from: { name: 'Doe, Jane', address: 'jane@paper.example' } });
  });
});

describe('withEnvelopeSender', () => {
  const parsed = { from: null, senderSource: null, otherFrom: [] } as unknown as ParsedMail;

  it('uses a valid envelope sender when no header gave one', () => {
    expect(withEnvelopeSender(parsed, 'env@paper.example')).toMatchObject({ from: { name: null, address: 'env@paper.example' }, senderSource: 'envelope' });
  });

  it('ignores the null sender and a header sender already found', () => {
    expect(withEnvelopeSender(parsed, '')).toBe(parsed);
    const found = { ...parsed, from: { name: null, address: 'a@paper.example' }, senderSource: 'from' } as ParsedMail;
    expect(withEnvelopeSender(found, 'env@paper.example')).toBe(found);
  });
});
