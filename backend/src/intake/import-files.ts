import { readdir, readFile, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';

export interface ImportItem {
  /** File path, with `#n` for the n-th message of an mbox. */
  label: string;
  bytes: Buffer;
}

const MBOX_SEPARATOR = /^From \S.*$/;

function isMbox(bytes: Buffer): boolean {
  return bytes.subarray(0, 5).toString('latin1') === 'From ' && MBOX_SEPARATOR.test(bytes.subarray(0, 200).toString('latin1').split('\n')[0]);
}

/** Splits an mbox (mboxrd/mboxo) into messages, un-escaping `>From ` lines. */
export function splitMbox(bytes: Buffer): Buffer[] {
  const lines = bytes.toString('latin1').split('\n');
  const messages: string[][] = [];
  let current: string[] | null = null;
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index];
    const separator = MBOX_SEPARATOR.test(line) && (index === 0 || lines[index - 1].replace(/\r$/, '') === '');
    if (separator) {
      current = [];
      messages.push(current);
      continue;
    }
    current?.push(line.replace(/^>(>*From )/, '$1'));
  }
  return messages.map((message) => {
    while (message.length && message[message.length - 1].replace(/\r$/, '') === '') message.pop();
    return Buffer.from(`${message.join('\n')}\n`, 'latin1');
  });
}

/** Every message under the given paths: `.eml` files, mbox files, folders of either (recursively, sorted). */
export async function* importItems(paths: string[]): AsyncGenerator<ImportItem> {
  for (const path of paths) {
    const info = await stat(path);
    if (info.isDirectory()) {
      const entries = (await readdir(path)).sort();
      yield* importItems(entries.filter((entry) => !entry.startsWith('.')).map((entry) => join(path, entry)));
      continue;
    }
    const bytes = await readFile(path);
    if (isMbox(bytes)) {
      const messages = splitMbox(bytes);
      for (const [index, message] of messages.entries()) yield { label: messages.length > 1 ? `${path}#${index + 1}` : path, bytes: message };
    } else if (info.size > 0 && (extname(path).toLowerCase() === '.eml' || paths.includes(path))) {
      yield { label: path, bytes };
    }
  }
}
