import iconv from 'iconv-lite';
import { repairMime, standaloneHtml, topLevelCharset } from './mime-repair.js';

const mime = (...lines: string[]) => Buffer.from(lines.join('\r\n'), 'latin1');

describe('repairMime', () => {
  it('leaves a well-formed message byte-identical', () => {
    const bytes = mime('Subject: x', 'Content-Type: multipart/mixed; boundary="b"', '', '--b', 'Content-Type: text/plain; charset=utf-8', '', 'hi', '--b--', '');
    expect(repairMime(bytes)).toBe(bytes);
  });

  it('turns a multipart without a boundary, or with one that never appears, into text', () => {
    const none = repairMime(mime('Subject: x', 'Content-Type: multipart/mixed', '', 'the text', '')).toString('latin1');
    expect(none).toBe(['Subject: x', 'Content-Type: text/plain; charset="us-ascii"', '', 'the text', ''].join('\r\n'));
    const absent = repairMime(mime('Subject: x', 'Content-Type: multipart/alternative;', '\tboundary="zz"', '', 'the text', '')).toString('latin1');
    expect(absent).toContain('Content-Type: text/plain; charset="us-ascii"\r\n\r\nthe text');
    expect(absent).not.toContain('boundary');
  });

  it('names the detected charset on text parts that name none, also inside base64 and with LF line ends', () => {
    const sjis = iconv.encode('記者会見の日程を教えていただけますか。', 'shift_jis');
    const repaired = repairMime(
      Buffer.concat([Buffer.from('Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/plain\nContent-Transfer-Encoding: base64\n\n'), Buffer.from(sjis.toString('base64')), Buffer.from('\n--b--\n')]),
    ).toString('latin1');
    expect(repaired).toContain('\nContent-Type: text/plain; charset="Shift_JIS"\nContent-Transfer-Encoding: base64\n\n');
  });

  it('replaces a UTF-8 label over Windows-1252 bytes, and adds a Content-Type where there is none', () => {
    expect(repairMime(mime('Content-Type: text/plain; charset=utf-8; format=flowed', '', 'caf\xe9 \x93x\x94', '')).toString('latin1')).toContain('Content-Type: text/plain; format=flowed; charset="windows-1252"');
    expect(repairMime(mime('Subject: x', '', '\x1b$B$3$s\x1b(B', '')).toString('latin1')).toBe(['Subject: x', 'Content-Type: text/plain; charset="ISO-2022-JP"', '', '\x1b$B$3$s\x1b(B', ''].join('\r\n'));
  });

  it('reads a boundary whose fold lost its indent, and one with parentheses inside quotes', () => {
    const stray = repairMime(mime('Content-Type: multipart/alternative; differences=Content-Type;', 'boundary="9def"', '', '--9def', 'Content-Type: text/plain; charset=utf-8', '', 'hi', '--9def--', '')).toString('latin1');
    expect(stray).toBe(['Content-Type: multipart/alternative; differences=Content-Type; boundary="9def"', '', '--9def', 'Content-Type: text/plain; charset=utf-8', '', 'hi', '--9def--', ''].join('\r\n'));
    const quoted = mime('Content-type: multipart/report;', ' boundary="Boundary_(ID_x+y)"', '', '--Boundary_(ID_x+y)', 'Content-type: text/plain; charset=us-ascii', '', 'hi', '--Boundary_(ID_x+y)--', '');
    expect(repairMime(quoted)).toBe(quoted);
  });

  it("re-encodes a part's raw 8-bit header as UTF-8 from the part's own charset, or as detected", () => {
    const sjisName = iconv.encode('記者会見資料.txt', 'shift_jis').toString('latin1');
    const own = repairMime(mime('Content-Type: multipart/mixed; boundary=b', '', '--b', 'Content-Type: text/plain; charset=shift_jis', `Content-Disposition: attachment; filename="${sjisName}"`, '', 'x', '--b--', ''));
    expect(own.toString('utf8')).toContain('filename="記者会見資料.txt"');
    const detected = repairMime(mime('Content-Type: multipart/mixed; boundary=b', '', '--b', 'Content-Type: application/pdf; name="Pr\xe9sentation.pdf"', '', 'x', '--b--', ''));
    expect(detected.toString('utf8')).toContain('name="Présentation.pdf"');
    const mixed = repairMime(Buffer.concat([Buffer.from('Subject: Grüße\r\n', 'utf8'), mime('Cc: Fran\xe7ois <f@x.example>', '', 'body', '')]));
    expect(mixed.toString('utf8')).toBe('Subject: Grüße\r\nCc: François <f@x.example>\r\n\r\nbody\r\n');
  });

  it('keeps an embedded message byte-exact', () => {
    const bytes = mime('Content-Type: multipart/mixed; boundary=b', '', '--b', 'Content-Type: message/rfc822', '', 'Subject: inner', 'Content-Type: multipart/mixed', '', 'caf\xe9', '--b--', '');
    expect(repairMime(bytes)).toBe(bytes);
  });
});

describe('topLevelCharset', () => {
  it("takes the top-level part's declared charset, never one from a later part", () => {
    expect(topLevelCharset(mime('Subject: x', 'Content-Type: text/plain; charset="big5"', '', ''))).toBe('big5');
    const multipart = Buffer.concat([mime('Content-Type: multipart/mixed; boundary=b', 'Subject: '), iconv.encode('記者会見の日程について質問', 'shift_jis'), mime('', '', '--b', 'Content-Type: text/plain; charset=koi8-r', '', 'x', '--b--', '')]);
    expect(topLevelCharset(multipart)).toBe('Shift_JIS');
    expect(topLevelCharset(mime('Subject: plain', '', 'body'))).toBeNull();
  });
});

describe('standaloneHtml', () => {
  const part = (type: string, body: string, extra: string[] = []) => ['--b', `Content-Type: ${type}`, ...extra, '', body];
  const multipart = (...parts: string[][]) => mime('Content-Type: multipart/mixed; boundary=b', '', ...parts.flat(), '--b--', '');

  it('tells where an inline HTML part stands beside text parts', () => {
    expect(standaloneHtml(multipart(part('text/html', '<p>a</p>'), part('message/delivery-status', 'Action: failed')))).toBe('before-text');
    expect(standaloneHtml(multipart(part('text/plain', 'a'), part('text/html', '<p>b</p>')))).toBe('after-text');
  });

  it('ignores HTML that is the alternative of the text, or an attachment', () => {
    const alternative = mime('Content-Type: multipart/alternative; boundary=b', '', ...part('text/plain', 'a'), ...part('text/html', '<p>a</p>'), '--b--', '');
    expect(standaloneHtml(alternative)).toBeNull();
    expect(standaloneHtml(multipart(part('text/plain', 'a'), part('text/html', '<p>b</p>', ['Content-Disposition: attachment; filename=b.html'])))).toBeNull();
  });
});
