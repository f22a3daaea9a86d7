/** One IMAP mailbox the IMAP door watches, from one IMAP_MAILBOXES entry. */
export interface ImapMailboxConfig {
  /** Stable key for the folder state and the replica lock; `name=` or user@host. */
  name: string;
  host: string;
  port: number;
  /** imaps:// (TLS from the start); imap:// upgrades with STARTTLS when the server offers it. */
  secure: boolean;
  user: string;
  password: string;
  folder: string;
  /** `processed=`: committed messages are moved there instead of staying flagged in `folder`. */
  processedFolder: string | null;
  /** `tls=insecure`: accept self-signed or otherwise unverifiable server certificates. */
  allowSelfSigned: boolean;
}

const QUERY_KEYS = new Set(['name', 'processed', 'tls']);
const NAME = /^[\w.@+-]{1,100}$/;

/** The URL rebuilt from its parts with the password left out, for messages and logs. */
export function displayImapUrl(url: URL): string {
  const credentials = url.username ? `${url.username}${url.password ? ':***' : ''}@` : '';
  return `${url.protocol}//${credentials}${url.host}${url.pathname}${url.search}`;
}

function decode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

/**
 * Parses IMAP_MAILBOXES: comma-separated `imaps://user:password@host:993/INBOX?processed=Processed&name=press`.
 * User names and passwords are percent-encoded (%40 for @, %2C for a comma). Problems never quote the password.
 */
export function parseImapMailboxes(value: string | undefined): { mailboxes: ImapMailboxConfig[]; problems: string[] } {
  const mailboxes: ImapMailboxConfig[] = [];
  const problems: string[] = [];
  const entries = (value ?? '').split(',').map((entry) => entry.trim());
  if (entries.length === 1 && entries[0] === '') return { mailboxes, problems };
  entries.forEach((entry, index) => {
    let url: URL;
    try {
      url = new URL(entry);
    } catch {
      // Not quoted: without a parsable URL there is no telling where the password is.
      problems.push(`entry ${index + 1} is not a URL such as imaps://user:password@imap.example.org/INBOX`);
      return;
    }
    if (!url.host) {
      // Not quoted either: without an authority part the password may sit anywhere.
      problems.push(`entry ${index + 1} has no host: write it as imaps://user:password@host/folder`);
      return;
    }
    const where = `entry ${index + 1} (${displayImapUrl(url)})`;
    const protocol = url.protocol.toLowerCase();
    if (protocol !== 'imap:' && protocol !== 'imaps:') {
      problems.push(`${where} must start with imap:// or imaps://`);
      return;
    }
    const own: string[] = [];
    if (!url.username) own.push('has no user name');
    if (!url.password) own.push('has no password');
    const unknown = [...url.searchParams.keys()].filter((key) => !QUERY_KEYS.has(key));
    if (unknown.length) own.push(`has unknown option ${unknown.join(', ')} (known: name, processed, tls)`);
    const tls = url.searchParams.get('tls');
    if (tls !== null && tls !== 'insecure') own.push('supports only tls=insecure');
    const user = decode(url.username);
    const folder = decode(url.pathname.replace(/^\/+/, '')) || 'INBOX';
    const processed = url.searchParams.get('processed');
    if (processed !== null && !processed.trim()) own.push('has an empty processed= folder');
    if (processed && processed === folder) own.push('processed= must be another folder than the one watched');
    const name = url.searchParams.get('name') ?? `${user}@${url.hostname}`;
    if (!NAME.test(name)) own.push('name= must be 1-100 letters, digits or . _ @ + -');
    if (own.length) {
      problems.push(`${where} ${own.join('; ')}`);
      return;
    }
    if (mailboxes.some((mailbox) => mailbox.name === name)) {
      problems.push(`${where} repeats the name ${name}: give each mailbox its own name=`);
      return;
    }
    mailboxes.push({
      name,
      host: url.hostname.replace(/^\[|\]$/g, ''),
      port: url.port ? Number(url.port) : protocol === 'imaps:' ? 993 : 143,
      secure: protocol === 'imaps:',
      user,
      password: decode(url.password),
      folder,
      processedFolder: processed,
      allowSelfSigned: tls === 'insecure',
    });
  });
  return { mailboxes, problems };
}
