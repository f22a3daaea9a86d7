import { mimeShapeProblem } from './mime-structure.js';

const limits = { maxParts: 10, maxNesting: 3 };
const mail = (...lines: string[]) => Buffer.from(lines.join('\r\n'));

function nested(depth: number, header: (boundary: string) => string): string {
  let body = 'Content-Type: text/plain\r\n\r\ninnermost';
  for (let level = depth; level > 0; level--) body = `${header(`n${level}`)}\r\n\r\n--n${level}\r\n${body}\r\n--n${level}--`;
  return `From: a@b.example\r\nSubject: x\r\n${body}\r\n`;
}

describe('mimeShapeProblem', () => {
  it('passes a plain message and a shallow multipart', () => {
    expect(mimeShapeProblem(mail('From: a@b.example', 'Subject: x', '', 'hello', ''), limits)).toBeNull();
    expect(mimeShapeProblem(Buffer.from(nested(3, (b) => `Content-Type: multipart/mixed; boundary="${b}"`)), limits)).toBeNull();
  });

  it('counts nesting the same whether Content-Type is on one line, folded, or carries comments', () => {
    const forms = [
      (b: string) => `Content-Type: multipart/mixed; boundary="${b}"`,
      (b: string) => `Content-Type:\r\n multipart/mixed;\r\n\tboundary="${b}"`,
      (b: string) => `content-type : (sneaky) Multipart/Mixed; boundary=${b}`,
      (b: string) => `Content-Type: multipart/mixed; boundary*0="${b.slice(0, 1)}"; boundary*1="${b.slice(1)}"`,
      (b: string) => `Content-Type: multipart/mixed; boundary*=us-ascii''${b}`,
    ];
    for (const form of forms) expect(mimeShapeProblem(Buffer.from(nested(4, form)), limits)).toBe('more than 3 nested multipart containers');
  });

  it('keeps a quoted boundary with parentheses whole (Oracle/Sun mailers write Boundary_(ID_…))', () => {
    let body = 'Content-Type: text/plain\r\n\r\ninnermost';
    for (let level = 4; level > 0; level--) {
      const boundary = `Boundary_(ID_${level}xyz)`;
      body = `Content-Type: multipart/mixed; (a comment) boundary="${boundary}"\r\n\r\n--${boundary}\r\n${body}\r\n--${boundary}--`;
    }
    expect(mimeShapeProblem(Buffer.from(`From: a@b.example\r\nSubject: x\r\n${body}\r\n`), limits)).toBe('more than 3 nested multipart containers');
  });

  it('counts sibling multiparts as parts, not as depth', () => {
    const sibling = (i: number) => `--top\r\nContent-Type: multipart/alternative; boundary="s${i}"\r\n\r\n--s${i}\r\nContent-Type: text/plain\r\n\r\nx\r\n--s${i}--`;
    const two = mail('Content-Type: multipart/mixed; boundary="top"', '', sibling(1), sibling(2), '--top--', '');
    expect(mimeShapeProblem(two, limits)).toBeNull();
    const many = mail('Content-Type: multipart/mixed; boundary="top"', '', ...[1, 2, 3, 4, 5].map(sibling), '--top--', '');
    expect(mimeShapeProblem(many, limits)).toBe('more than 10 MIME parts');
  });

  it('counts an embedded message as a level', () => {
    // multipart (1) > embedded message (2) > multipart (3)
    const inner = nested(1, (b) => `Content-Type: multipart/mixed; boundary="${b}"`);
    const outer = mail('Content-Type: multipart/mixed; boundary="o"', '', '--o', 'Content-Type: message/rfc822', '', inner, '--o--', '');
    expect(mimeShapeProblem(outer, limits)).toBeNull();
    const deeper = mail('Content-Type: multipart/mixed; boundary="o"', '', '--o', 'Content-Type: message/rfc822', '', nested(2, (b) => `Content-Type: multipart/mixed; boundary="${b}"`), '--o--', '');
    expect(mimeShapeProblem(deeper, limits)).toBe('more than 3 nested multipart containers');
  });
});
