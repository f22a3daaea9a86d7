import { safeFilename } from './filenames.js';

const FALLBACK = 'attachment-1.bin';

describe('safeFilename', () => {
  it('keeps an ordinary name as it is', () => {
    expect(safeFilename('Press release 2026-03.pdf', FALLBACK)).toBe('Press release 2026-03.pdf');
  });

  it('strips Unix path components and parent references', () => {
    expect(safeFilename('../../etc/passwd', FALLBACK)).toBe('passwd');
    expect(safeFilename('/var/www/index.html', FALLBACK)).toBe('index.html');
  });

  it('strips Windows path components', () => {
    expect(safeFilename('..\\..\\boot.ini', FALLBACK)).toBe('boot.ini');
    expect(safeFilename('C:\\Users\\jane\\Desktop\\notes.txt', FALLBACK)).toBe('notes.txt');
  });

  it('falls back when only a path or dots remain', () => {
    expect(safeFilename('..', FALLBACK)).toBe(FALLBACK);
    expect(safeFilename('../', FALLBACK)).toBe(FALLBACK);
    expect(safeFilename('. . .', FALLBACK)).toBe(FALLBACK);
    expect(safeFilename('   ', FALLBACK)).toBe(FALLBACK);
  });

  it('falls back for a missing name', () => {
    expect(safeFilename(undefined, FALLBACK)).toBe(FALLBACK);
    expect(safeFilename(null, FALLBACK)).toBe(FALLBACK);
    expect(safeFilename('', FALLBACK)).toBe(FALLBACK);
  });

  it('removes right-to-left overrides that disguise the extension', () => {
    expect(safeFilename('invoice\u202Efdp.exe', FALLBACK)).toBe('invoicefdp.exe');
    expect(safeFilename('photo\u2066gpj.\u2069scr', FALLBACK)).toBe('photogpj.scr');
    expect(safeFilename('a\u200Eb\u200Fc.txt', FALLBACK)).toBe('abc.txt');
  });

  it('removes NUL bytes and control characters', () => {
    expect(safeFilename('report.pdf\u0000.exe', FALLBACK)).toBe('report.pdf.exe');
    expect(safeFilename('bell\u0007\u001b[31m.txt', FALLBACK)).toBe('bell[31m.txt');
    expect(safeFilename('two\r\nlines.txt', FALLBACK)).toBe('two lines.txt');
  });

  it('removes leading dots, so nothing becomes a hidden file', () => {
    expect(safeFilename('.htaccess', FALLBACK)).toBe('htaccess');
    expect(safeFilename('...bashrc', FALLBACK)).toBe('bashrc');
  });

  it('removes trailing dots and spaces that Windows drops silently', () => {
    expect(safeFilename('statement.docx. . ', FALLBACK)).toBe('statement.docx');
  });

  it('defuses reserved Windows device names', () => {
    expect(safeFilename('CON', FALLBACK)).toBe('_CON');
    expect(safeFilename('nul.txt', FALLBACK)).toBe('_nul.txt');
    expect(safeFilename('com1.tar.gz', FALLBACK)).toBe('_com1.tar.gz');
    expect(safeFilename('LPT9', FALLBACK)).toBe('_LPT9');
    expect(safeFilename('CONTRACT.pdf', FALLBACK)).toBe('CONTRACT.pdf');
  });

  it('replaces characters Windows refuses, including the stream separator', () => {
    expect(safeFilename('Q&A: "draft" <v2>?.docx', FALLBACK)).toBe('Q&A_ _draft_ _v2__.docx');
    expect(safeFilename('file.txt:hidden', FALLBACK)).toBe('file.txt_hidden');
  });

  it('caps very long names at 200 characters and keeps the extension', () => {
    const name = safeFilename(`${'a'.repeat(500)}.pdf`, FALLBACK);
    expect(name).toHaveLength(200);
    expect(name.endsWith('aaa.pdf')).toBe(true);
  });

  it('caps a long name without an extension', () => {
    expect(safeFilename('x'.repeat(1000), FALLBACK)).toBe('x'.repeat(200));
  });

  it('keeps a long non-Latin name within 255 bytes without splitting a character', () => {
    const name = safeFilename(`${'報道'.repeat(150)}.pdf`, FALLBACK);
    expect(Buffer.byteLength(name, 'utf8')).toBeLessThanOrEqual(255);
    expect(name.endsWith('.pdf')).toBe(true);
    expect(name).not.toContain('\uFFFD');
    expect(name.slice(0, -4)).toMatch(/^(?:報道)+報?$/u);
  });

  it('keeps unicode names intact and in NFC', () => {
    expect(safeFilename('Pressemitteilung – Überblick.pdf', FALLBACK)).toBe('Pressemitteilung – Überblick.pdf');
    expect(safeFilename('記者会見の資料.docx', FALLBACK)).toBe('記者会見の資料.docx');
    expect(safeFilename('بيان صحفي.pdf', FALLBACK)).toBe('بيان صحفي.pdf');
    expect(safeFilename('👩‍💻 notes.txt', FALLBACK)).toBe('👩‍💻 notes.txt');
    const decomposed = 'Cafe\u0301.txt';
    expect(safeFilename(decomposed, FALLBACK)).toBe('Caf\u00e9.txt');
  });
});
