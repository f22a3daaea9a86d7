/**
 * One mail as an mboxrd entry: the "From sender date" separator, the bytes with every line that starts with
 * `From ` after any number of `>` given one more `>`, and a blank line. The mail's own line ends are kept (CRLF,
 * as sent), and so is the separator's, so a reader that splits the file and takes one `>` off such lines gets the
 * sent bytes back (intake's splitMbox does).
 */
export function mboxEntry(sender: string, date: string, bytes: Uint8Array): Buffer {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  // Only at the start or after a LF, as a reader splits (a multiline ^ would also match after a lone CR).
  const quoted = text.replace(/(^|\n)(>*From )/g, '$1>$2');
  const end = quoted.endsWith('\n') ? '' : '\r\n';
  // An envelope sender with spaces would end the separator's first field early; an empty one is the null sender.
  const from = sender.replace(/\s/g, '') || 'MAILER-DAEMON';
  return Buffer.from(`From ${from} ${date}\r\n${quoted}${end}\r\n`, 'latin1');
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** The date of an mbox "From " line (asctime, UTC): `Mon Dec  7 18:11:00 2026`. */
export function asctime(at: Date): string {
  const day = String(at.getUTCDate()).padStart(2, ' ');
  return `${DAYS[at.getUTCDay()]} ${MONTHS[at.getUTCMonth()]} ${day} ${at.toISOString().slice(11, 19)} ${at.getUTCFullYear()}`;
}
