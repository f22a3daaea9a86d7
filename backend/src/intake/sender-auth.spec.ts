import { authenticatedPart } from './sender-auth.js';

const body = `${'A long paragraph of the attachment, base64 or text.\r\n'.repeat(4000)}`;

describe('authenticatedPart', () => {
  it('gives mailauth only the header block of unsigned mail, its blank line included', () => {
    const headers = 'From: Ana <ana@paper.example>\r\nTo: news@desk.example\r\nSubject: Figures\r\n\r\n';
    const part = authenticatedPart(Buffer.from(headers + body));
    expect(part.toString('latin1')).toBe(headers);
  });

  it('finds the end of the headers whatever the line ends', () => {
    expect(authenticatedPart(Buffer.from(`From: a@b.example\nSubject: x\n\n${body}`)).toString()).toBe('From: a@b.example\nSubject: x\n\n');
    expect(authenticatedPart(Buffer.from(`From: a@b.example\nSubject: x\n\r\n${body}`)).toString()).toBe('From: a@b.example\nSubject: x\n\r\n');
  });

  it.each(['DKIM-Signature', 'dkim-signature ', 'ARC-Seal', 'ARC-Message-Signature'])('keeps the whole message when a %s header signs its body', (name) => {
    const bytes = Buffer.from(`Received: from relay\r\n${name}: v=1; a=rsa-sha256; d=paper.example;\r\n b=abc\r\nFrom: a@paper.example\r\n\r\n${body}`);
    expect(authenticatedPart(bytes)).toBe(bytes);
  });

  it('does not take a signature header quoted in the body, or a folded line naming one, as a signature', () => {
    const headers = 'From: a@paper.example\r\nSubject: About\r\n DKIM-Signature: in a folded subject\r\n\r\n';
    expect(authenticatedPart(Buffer.from(`${headers}DKIM-Signature: quoted in the body\r\n${body}`)).toString('latin1')).toBe(headers);
  });

  it('keeps a message without a blank line as it is', () => {
    const bytes = Buffer.from('From: a@paper.example\r\nSubject: only headers\r\n');
    expect(authenticatedPart(bytes)).toBe(bytes);
  });
});
