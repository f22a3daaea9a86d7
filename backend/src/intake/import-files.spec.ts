import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importItems, splitMbox } from './import-files.js';

const message = (from: string, subject: string, body: string) =>
  `From ${from} Mon Jun  3 10:02:00 2024\nFrom: ${from}\nSubject: ${subject}\n\n${body}\n`;
const split = (mbox: string) => splitMbox(Buffer.from(mbox, 'latin1')).map((bytes) => bytes.toString('latin1'));

describe('splitMbox', () => {
  it('splits messages at separators after a blank line', () => {
    const parts = split(message('a@paper.example', 'One', 'First body') + '\n' + message('b@paper.example', 'Two', 'Second body'));
    expect(parts).toEqual(['From: a@paper.example\nSubject: One\n\nFirst body\n', 'From: b@paper.example\nSubject: Two\n\nSecond body\n']);
  });

  it('keeps an unescaped "From " body line in its message (mboxo written carelessly)', () => {
    const body = 'Our timeline:\n\nFrom Monday the office is closed.\nFrom 3 June 2024 we reopen at 10:00.\n\nFrom the desk of the editor';
    const parts = split(message('a@paper.example', 'One', body) + '\n' + message('b@paper.example', 'Two', 'Second body'));
    expect(parts).toHaveLength(2);
    expect(parts[0]).toContain('From Monday the office is closed.\nFrom 3 June 2024 we reopen at 10:00.\n\nFrom the desk of the editor');
  });

  it('keeps a "From " line followed by text that only starts like a header', () => {
    const body = 'See the thread:\n\nFrom jane 3 June 2024 10:02\nNote: this is my summary, not a header block\nand it goes on.';
    const parts = split(message('a@paper.example', 'One', body));
    expect(parts).toHaveLength(1);
    expect(parts[0]).toContain('From jane 3 June 2024 10:02\nNote: this is my summary');
  });

  it('keeps a "From " paragraph followed by lines that look like headers but name no mail header', () => {
    const body = 'Agenda:\n\nFrom 3 June 2024 10:02 onwards\nSubject: the harbour budget\nVenue: town hall\n\nSee you there.';
    const parts = split(message('a@paper.example', 'One', body) + '\n' + message('b@paper.example', 'Two', 'Second body'));
    expect(parts).toHaveLength(2);
    expect(parts[0]).toContain('From 3 June 2024 10:02 onwards\nSubject: the harbour budget');
  });

  it('un-escapes one level of ">From " quoting (mboxrd and mboxo)', () => {
    const parts = split(message('a@paper.example', 'One', '>From the minister\n>>From the quoted archive\nplain'));
    expect(parts[0]).toContain('\nFrom the minister\n>From the quoted archive\nplain');
  });

  it('honours a consistent Content-Length (mboxcl2), with a whole message embedded in the body', () => {
    const body = 'Forwarded as received:\n\nFrom old@archive.example Sun Jun  2 09:00:00 2024\nFrom: old@archive.example\nSubject: Old\n\nOld body\n';
    const first = `From a@paper.example Mon Jun  3 10:02:00 2024\nFrom: a@paper.example\nSubject: One\nContent-Length: ${Buffer.byteLength(body, 'latin1')}\n\n${body}`;
    const parts = split(`${first}\n${message('b@paper.example', 'Two', 'Second body')}`);
    expect(parts).toHaveLength(2);
    expect(parts[0]).toContain('From old@archive.example Sun Jun  2 09:00:00 2024\nFrom: old@archive.example\nSubject: Old\n\nOld body');
    expect(parts[1]).toContain('Subject: Two');
  });

  it('falls back to separators when the Content-Length is wrong', () => {
    const first = 'From a@paper.example Mon Jun  3 10:02:00 2024\nFrom: a@paper.example\nSubject: One\nContent-Length: 5\n\nFirst body, longer than five bytes\n';
    const parts = split(`${first}\n${message('b@paper.example', 'Two', 'Second body')}`);
    expect(parts).toHaveLength(2);
    expect(parts[0]).toContain('First body, longer than five bytes');
    expect(parts[1]).toContain('Subject: Two');
  });

  it('keeps CRLF line ends', () => {
    const parts = split('From a@paper.example Mon Jun  3 10:02:00 2024\r\nFrom: a@paper.example\r\nSubject: One\r\n\r\nBody\r\n\r\nFrom b@paper.example Mon Jun  3 10:03:00 2024\r\nFrom: b@paper.example\r\n\r\nTwo\r\n');
    expect(parts).toEqual(['From: a@paper.example\r\nSubject: One\r\n\r\nBody\r\n', 'From: b@paper.example\r\n\r\nTwo\r\n']);
  });

  it('recognises an mbox file written with CRLF line ends', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'newsdesk-mbox-spec-'));
    try {
      const file = join(folder, 'archive.mbox');
      writeFileSync(file, 'From a@paper.example Mon Jun  3 10:02:00 2024\r\nFrom: a@paper.example\r\n\r\nOne\r\n\r\nFrom b@paper.example Mon Jun  3 10:03:00 2024\r\nFrom: b@paper.example\r\n\r\nTwo\r\n');
      const items = [];
      for await (const item of importItems([file])) items.push(item.label);
      expect(items).toEqual([`${file}#1`, `${file}#2`]);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
