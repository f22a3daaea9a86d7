import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { countImportItems, importItems, notMailReason, splitMbox } from './import-files.js';

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

describe('notMailReason', () => {
  it('accepts a message that starts with its header block', () => {
    expect(notMailReason(Buffer.from('Return-Path: <a@paper.example>\r\nFrom: a@paper.example\r\nSubject: Hi\r\n  folded\r\n\r\nBody'))).toBeNull();
  });

  it('refuses binary data, an empty file, and text that is no header block', () => {
    expect(notMailReason(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00]))).toMatch(/binary data/);
    expect(notMailReason(Buffer.alloc(0))).toBe('the file is empty');
    expect(notMailReason(Buffer.from('Meeting notes\nFrom: the minutes\n'))).toMatch(/line 1 is not a header field/);
    expect(notMailReason(Buffer.from('Title: Notes\nAuthor: me\n\nText'))).toMatch(/no From:, Date:, Subject: or Message-ID:/);
  });
});

describe('importItems', () => {
  it('reports input that is not mail or cannot be read, skips other files in folders, and still yields the mail', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'newsdesk-import-spec-'));
    try {
      writeFileSync(join(folder, 'a.eml'), 'From: a@paper.example\nSubject: One\n\nBody\n');
      writeFileSync(join(folder, 'photo.eml'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00]));
      writeFileSync(join(folder, 'README.txt'), 'These are the press mails of 2024.\n');
      writeFileSync(join(folder, '1700000000.M1P2.host:2,S'), 'From: b@paper.example\nSubject: Maildir\n\nBody\n');
      const skipped: string[] = [];
      const items = [];
      for await (const item of importItems([folder, join(folder, 'missing.mbox')], (path) => skipped.push(path))) {
        items.push({ label: item.label, error: item.error, bytes: item.bytes?.length ?? 0 });
      }
      expect(items).toEqual([
        { label: join(folder, '1700000000.M1P2.host:2,S'), error: undefined, bytes: 45 },
        { label: join(folder, 'a.eml'), error: undefined, bytes: 41 },
        { label: join(folder, 'photo.eml'), error: expect.stringMatching(/not a mail message/), bytes: 0 },
        { label: join(folder, 'missing.mbox'), error: 'no such file or folder', bytes: 0 },
      ]);
      expect(skipped).toEqual([join(folder, 'README.txt')]);
      expect(await countImportItems([folder])).toBe(3);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
