import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { ImapFlow } from 'imapflow';

export const DOVECOT_BINARY = '/usr/sbin/dovecot';
export const DOVECOT_PASSWORD = 'imap-test-password';

export interface DovecotMessage {
  uid: number;
  flags: string[];
  messageId: string | null;
}

/** A private Dovecot for one test file: its own config, port, users and Maildirs under a temp dir. */
export interface Dovecot {
  host: string;
  port: number;
  /** An IMAP_MAILBOXES entry for `user` (plain imap://, password included). */
  url(user: string, folder?: string, params?: Record<string, string>): string;
  /** A signed-in imapflow client, for arranging and inspecting the mailbox as a mail client would. */
  connect(user: string): Promise<ImapFlow>;
  /** Real IMAP APPEND; resolves with the new message's UID. */
  append(user: string, folder: string, bytes: Buffer, flags?: string[]): Promise<number>;
  /** `folder` as a path of names, e.g. ['Newsdesk', 'Done'], whatever the server's delimiter. */
  messages(user: string, folder: string | string[]): Promise<DovecotMessage[]>;
  folderExists(user: string, folder: string | string[]): Promise<boolean>;
  uidValidity(user: string, folder: string): Promise<bigint>;
  /** Deletes a folder and its messages, as a server migration or an admin would. */
  deleteFolder(user: string, folder: string): Promise<void>;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** The owner of the Maildirs: Dovecot refuses uid 0, so tests running as root use nobody. */
function mailOwner(): { uid: number; gid: number } {
  const me = userInfo();
  if (me.uid !== 0) return { uid: me.uid, gid: me.gid };
  const nobody = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .map((line) => line.split(':'))
    .find((fields) => fields[0] === 'nobody');
  return nobody ? { uid: Number(nobody[2]), gid: Number(nobody[3]) } : { uid: 65534, gid: 65534 };
}

/** Starts `dovecot -F -c <private conf>` with the given users (password DOVECOT_PASSWORD) and waits until IMAP answers. */
export async function startDovecot(users: string[]): Promise<Dovecot> {
  if (!existsSync(DOVECOT_BINARY)) {
    throw new Error(`Dovecot is not installed (${DOVECOT_BINARY} is missing): the IMAP tests need a real server; run apt-get install -y dovecot-imapd`);
  }
  const root = mkdtempSync(join(tmpdir(), 'newsdesk-dovecot-'));
  // Dovecot's unprivileged login/auth processes and the mail owner must traverse it.
  chmodSync(root, 0o755);
  const mailDir = join(root, 'mail');
  for (const dir of ['run', 'state', mailDir]) mkdirSync(join(root, dir), { recursive: true });
  const owner = mailOwner();
  const asRoot = userInfo().uid === 0;
  const passwd = users.map((user) => `${user}:{PLAIN}${DOVECOT_PASSWORD}:${owner.uid}:${owner.gid}::${join(mailDir, user)}::`).join('\n');
  writeFileSync(join(root, 'users'), `${passwd}\n`, { mode: 0o644 });
  for (const user of users) mkdirSync(join(mailDir, user), { recursive: true });
  for (const dir of [mailDir, ...users.map((user) => join(mailDir, user))]) chownSync(dir, owner.uid, owner.gid);

  const port = await freePort();
  const me = userInfo().username;
  const conf = join(root, 'dovecot.conf');
  writeFileSync(
    conf,
    `# Private test instance: nothing here reads /etc/dovecot.
protocols = imap
listen = 127.0.0.1
base_dir = ${join(root, 'run')}
state_dir = ${join(root, 'state')}
log_path = ${join(root, 'dovecot.log')}
ssl = no
auth_mechanisms = plain login
disable_plaintext_auth = no
mail_location = maildir:~/Maildir
mail_plugins =
first_valid_uid = 1
last_valid_uid = 0
default_internal_user = ${asRoot ? 'dovecot' : me}
default_login_user = ${asRoot ? 'dovenull' : me}
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${join(root, 'users')}
}
userdb {
  driver = passwd-file
  args = username_format=%u ${join(root, 'users')}
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
}
`,
  );

  const child: ChildProcess = spawn(DOVECOT_BINARY, ['-F', '-c', conf], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const log = () => {
    const path = join(root, 'dovecot.log');
    return `${output}${existsSync(path) ? readFileSync(path, 'utf8') : ''}`.trim();
  };
  const deadline = Date.now() + 15_000;
  while (!(await accepts(port))) {
    if (child.exitCode !== null || child.signalCode !== null) {
      rmSync(root, { recursive: true, force: true });
      throw new Error(`dovecot exited during start-up:\n${log()}`);
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`dovecot did not accept connections on 127.0.0.1:${port} within 15 s:\n${log()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }

  const connect = async (user: string) => {
    const client = new ImapFlow({ host: '127.0.0.1', port, secure: false, doSTARTTLS: false, auth: { user, pass: DOVECOT_PASSWORD }, logger: false });
    await client.connect();
    return client;
  };
  const withClient = async <T>(user: string, work: (client: ImapFlow) => Promise<T>): Promise<T> => {
    const client = await connect(user);
    try {
      return await work(client);
    } catch (error) {
      // imapflow says only "Command failed"; the server's own words say which command and why.
      const detail = error as { responseText?: string; serverResponseCode?: string; executedCommand?: string };
      if (detail.responseText || detail.executedCommand) {
        throw new Error(`IMAP ${detail.executedCommand ?? 'command'} for ${user} failed: ${detail.serverResponseCode ?? ''} ${detail.responseText ?? ''}`.trim(), { cause: error });
      }
      throw error;
    } finally {
      await client.logout().catch(() => client.close());
    }
  };

  return {
    host: '127.0.0.1',
    port,
    url: (user, folder = 'INBOX', params = {}) => {
      const query = new URLSearchParams(params).toString();
      return `imap://${encodeURIComponent(user)}:${encodeURIComponent(DOVECOT_PASSWORD)}@127.0.0.1:${port}/${encodeURIComponent(folder)}${query ? `?${query}` : ''}`;
    },
    connect,
    append: (user, folder, bytes, flags = []) =>
      withClient(user, async (client) => {
        if (folder !== 'INBOX') await client.mailboxCreate(folder);
        const result = await client.append(folder, bytes, flags);
        if (!result || !result.uid) throw new Error(`APPEND to ${user}/${folder} failed`);
        return result.uid;
      }),
    messages: (user, folder) =>
      withClient(user, async (client) => {
        const lock = await client.getMailboxLock(folder, { readOnly: true });
        try {
          const found = await client.fetchAll('1:*', { uid: true, flags: true, envelope: true }, { uid: true });
          return found.map((message) => ({
            uid: message.uid,
            flags: [...(message.flags ?? [])].filter((flag) => flag !== '\\Recent').sort(),
            messageId: message.envelope?.messageId ?? null,
          }));
        } finally {
          lock.release();
        }
      }),
    uidValidity: (user, folder) =>
      withClient(user, async (client) => {
        const status = await client.status(folder, { uidValidity: true });
        if (!status || status.uidValidity === undefined) throw new Error(`no UIDVALIDITY for ${user}/${folder}`);
        return BigInt(status.uidValidity);
      }),
    deleteFolder: (user, folder) =>
      withClient(user, async (client) => {
        await client.mailboxDelete(folder);
      }),
    folderExists: (user, folder) =>
      withClient(user, async (client) => {
        const wanted = [folder].flat().join('\u0000');
        return (await client.list()).some((entry) => entry.path.split(entry.delimiter || '/').join('\u0000') === wanted);
      }),
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const killer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        await exited;
        clearTimeout(killer);
      }
      rmSync(root, { recursive: true, force: true });
    },
  };
}
