import { jest } from '@jest/globals';
import type { Page, TicketQueueItemDto } from '@newsdesk/shared';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { createApp } from '../src/app.factory.js';
import { createLogger } from '../src/common/logger.js';
import { loadConfig } from '../src/config/app-config.js';
import { AppSecrets } from '../src/config/app-secrets.js';
import { ImapDoor } from '../src/intake/doors/imap-door.js';
import { ImapMailboxWatcher } from '../src/intake/doors/imap-mailbox-watcher.js';
import { IntakeWorker } from '../src/intake/intake.worker.js';
import { startDovecot, type Dovecot } from './dovecot.js';
import { signedInClient } from './factories.js';
import { compose, waitFor } from './mail.js';
import { createTestApp, createTestDatabase } from './test-app.js';

const PROCESSED = ['$Newsdesk', '\\Seen'];

type Replica = Awaited<ReturnType<typeof startReplica>>;

/** One more backend replica on an existing database, with its intake worker and IMAP door running. */
async function startReplica(databaseUrl: string, env: Record<string, string>) {
  const dataDir = mkdtempSync(join(tmpdir(), 'newsdesk-data-'));
  const config = loadConfig({
    NODE_ENV: 'test',
    DATA_DIR: dataDir,
    DATABASE_URL: databaseUrl,
    APP_SECRET: randomBytes(32).toString('hex'),
    LOG_LEVEL: 'silent',
    MAIL_DOMAIN: 'newsdesk.test',
    ...env,
  });
  const app = await createApp({ config, secrets: AppSecrets.load(config), logger: createLogger(config.LOG_LEVEL), databaseUrl });
  await app.init();
  await app.get(IntakeWorker).start();
  const door = app.get(ImapDoor);
  door.start();
  let closing: Promise<void> | null = null;
  return {
    door,
    close: () =>
      (closing ??= app.close().then(() => rmSync(dataDir, { recursive: true, force: true }))),
  };
}

/** A database of its own for tests that run several replicas, or restart one, on the same data. */
async function sharedDatabase() {
  const database = await createTestDatabase();
  const db = new pg.Client({ connectionString: database.url });
  await db.connect();
  return {
    url: database.url,
    db,
    count: async (sql: string, params: unknown[] = []) => Number((await db.query(sql, params)).rows[0].n),
    /** Stops the replica's door (the "crash"), then shuts it down once its worker has processed every commit. */
    stopWhenDrained: async (replica: Replica) => {
      await replica.door.stop();
      await waitFor(async () => Number((await db.query(`SELECT count(*) AS n FROM raw_messages WHERE outcome = 'pending'`)).rows[0].n) === 0, 'every commit processed');
      await replica.close();
    },
    drop: async () => {
      await db.end();
      await database.drop();
    },
  };
}

const mail = (id: string, subject: string) =>
  compose({ from: '"Jo Reporter" <jo@daily.example>', subject, text: `Could you comment on ${subject.toLowerCase()}?`, messageId: `<${id}@daily.example>` });

describe('IMAP door', () => {
  let dovecot: Dovecot;

  beforeAll(async () => {
    dovecot = await startDovecot(['press', 'desk', 'idle', 'crash', 'outage', 'migrated', 'shared', 'big']);
  });
  afterAll(async () => {
    await dovecot?.stop();
  });

  const flagsOf = async (user: string, folder: string | string[]) => (await dovecot.messages(user, folder)).map((message) => message.flags);

  it('turns a message in the folder into a ticket, then flags it, or moves it to processed=, never deleting it', async () => {
    await dovecot.append('press', 'INBOX', await mail('budget', 'The harbour budget'));
    await dovecot.append('desk', 'INBOX', await mail('bridge', 'The new bridge'));
    const testApp = await createTestApp({
      IMAP_MAILBOXES: `${dovecot.url('press')}, ${dovecot.url('desk', 'INBOX', { processed: 'Newsdesk/Done', name: 'desk' })}`,
    });
    try {
      await testApp.app.get(IntakeWorker).start();
      const door = testApp.app.get(ImapDoor);
      door.start();
      const { client: agent } = await signedInClient(testApp, 'agent');

      const tickets = await waitFor(async () => {
        const page = (await agent.get<Page<TicketQueueItemDto>>('/api/tickets')).body;
        return page.items.length === 2 ? page.items : null;
      }, 'two tickets from IMAP');
      expect(tickets.map((ticket) => ticket.subject).sort()).toEqual(['The harbour budget', 'The new bridge']);
      // The queue item carries no channel: the channel filter finds both.
      expect((await agent.get<Page<TicketQueueItemDto>>('/api/tickets?channel=email')).body.items.map((ticket) => ticket.id).sort()).toEqual(tickets.map((ticket) => ticket.id).sort());

      await waitFor(async () => (await flagsOf('press', 'INBOX'))[0]?.includes('$Newsdesk'), 'the press message flagged');
      expect(await dovecot.messages('press', 'INBOX')).toEqual([{ uid: 1, flags: PROCESSED, messageId: '<budget@daily.example>' }]);
      // processed= names its hierarchy with '/', as IMAP URLs do; Dovecot's Maildir delimiter is '.'.
      const done = ['Newsdesk', 'Done'];
      await waitFor(async () => (await dovecot.folderExists('desk', done)) && (await flagsOf('desk', done)).length === 1, 'the desk message moved');
      expect(await dovecot.messages('desk', 'INBOX')).toEqual([]);
      expect(await dovecot.messages('desk', done)).toEqual([{ uid: 1, flags: PROCESSED, messageId: '<bridge@daily.example>' }]);

      const db = new pg.Client({ connectionString: testApp.databaseUrl });
      await db.connect();
      const { rows } = await db.query(`SELECT door, source, outcome FROM raw_messages ORDER BY source`);
      await db.end();
      expect(rows).toEqual([
        { door: 'imap', outcome: 'created', source: expect.stringMatching(new RegExp(`^imap://desk@127\\.0\\.0\\.1:${dovecot.port}/INBOX;UIDVALIDITY=\\d+/;UID=1$`)) },
        { door: 'imap', outcome: 'created', source: expect.stringMatching(/^imap:\/\/press@127\.0\.0\.1:\d+\/INBOX;UIDVALIDITY=\d+\/;UID=1$/) },
      ]);
      const status = await waitFor(async () => {
        const all = await door.status();
        return all.every((mailbox) => mailbox.lastSuccessAt) ? all : null;
      }, 'a successful pass on both mailboxes');
      expect(status).toEqual([
        { name: 'press@127.0.0.1', folder: 'INBOX', connected: true, owned: true, lastError: null, lastSuccessAt: expect.any(String), lastUid: 1 },
        { name: 'desk', folder: 'INBOX', connected: true, owned: true, lastError: null, lastSuccessAt: expect.any(String), lastUid: 1 },
      ]);
    } finally {
      await testApp.close();
    }
  });

  it('picks up a message appended while connected through IDLE, without waiting for the poll', async () => {
    const testApp = await createTestApp({ IMAP_MAILBOXES: dovecot.url('idle'), IMAP_POLL_SECONDS: '3600' });
    try {
      await testApp.app.get(IntakeWorker).start();
      const door = testApp.app.get(ImapDoor);
      door.start();
      await waitFor(async () => (await door.status())[0].lastSuccessAt, 'the first (empty) pass');
      const { client: agent } = await signedInClient(testApp, 'agent');

      const appendedAt = Date.now();
      await dovecot.append('idle', 'INBOX', await mail('idle', 'Flood defences'));
      const [ticket] = await waitFor(async () => {
        const page = (await agent.get<Page<TicketQueueItemDto>>('/api/tickets')).body;
        return page.items.length ? page.items : null;
      }, 'the ticket from IDLE', 10_000);
      expect(ticket.subject).toBe('Flood defences');
      expect(Date.now() - appendedAt).toBeLessThan(10_000);
      await waitFor(async () => (await flagsOf('idle', 'INBOX'))[0]?.includes('$Newsdesk'), 'the message flagged');
    } finally {
      await testApp.close();
    }
  });

  it('does not duplicate a message whose replica died after the commit but before flagging it, and flags it on restart', async () => {
    const env = { IMAP_MAILBOXES: dovecot.url('crash'), IMAP_POLL_SECONDS: '1' };
    const shared = await sharedDatabase();
    const { db, count, stopWhenDrained } = shared;
    let replica: Replica | undefined;
    try {
      // Died between the raw commit and recording the UID: the UID bookkeeping write fails after every commit.
      await db.query(`
        CREATE FUNCTION crash_before_uid() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF NEW.last_uid > OLD.last_uid THEN RAISE EXCEPTION 'simulated crash after commit'; END IF;
          RETURN NEW;
        END $$`);
      await db.query(`CREATE TRIGGER crash_before_uid BEFORE UPDATE ON imap_folder_state FOR EACH ROW EXECUTE FUNCTION crash_before_uid()`);
      await dovecot.append('crash', 'INBOX', await mail('crash-one', 'Council vote'));
      replica = await startReplica(shared.url, env);
      await waitFor(() => count(`SELECT count(*) AS n FROM raw_messages WHERE message_id = 'crash-one@daily.example' AND outcome = 'created'`), 'the first commit processed');
      await stopWhenDrained(replica);
      expect(await flagsOf('crash', 'INBOX')).toEqual([[]]);
      await db.query(`DROP TRIGGER crash_before_uid ON imap_folder_state`);

      replica = await startReplica(shared.url, env);
      await waitFor(async () => (await flagsOf('crash', 'INBOX'))[0]?.includes('$Newsdesk'), 'the message flagged after restart');
      await waitFor(async () => (await count(`SELECT count(*) AS n FROM raw_messages WHERE outcome = 'pending'`)) === 0, 'every commit processed');
      expect(await count(`SELECT count(*) AS n FROM tickets`)).toBe(1);
      const outcomes = (await db.query(`SELECT outcome FROM raw_messages WHERE message_id = 'crash-one@daily.example'`)).rows.map((row) => row.outcome);
      expect(outcomes.filter((outcome) => outcome === 'created')).toHaveLength(1);
      expect(outcomes.filter((outcome) => outcome !== 'created' && outcome !== 'duplicate')).toEqual([]);
      expect(await flagsOf('crash', 'INBOX')).toEqual([PROCESSED]);

      // Died after recording the UID, before the flag reached the server: the restart only flags it.
      const flagging = jest.spyOn(ImapMailboxWatcher.prototype, 'markProcessed').mockRejectedValue(new Error('simulated crash before flagging'));
      await dovecot.append('crash', 'INBOX', await mail('crash-two', 'Council vote, again'));
      await waitFor(() => count(`SELECT count(*) AS n FROM imap_folder_state WHERE last_uid = 2`), 'the second UID recorded');
      await stopWhenDrained(replica);
      flagging.mockRestore();
      expect(await flagsOf('crash', 'INBOX')).toEqual([PROCESSED, []]);

      replica = await startReplica(shared.url, env);
      await waitFor(async () => (await flagsOf('crash', 'INBOX'))[1]?.includes('$Newsdesk'), 'the second message flagged after restart');
      await stopWhenDrained(replica);
      expect(await count(`SELECT count(*) AS n FROM raw_messages WHERE message_id = 'crash-two@daily.example'`)).toBe(1);
      expect(await count(`SELECT count(*) AS n FROM tickets`)).toBe(2);
      expect(await flagsOf('crash', 'INBOX')).toEqual([PROCESSED, PROCESSED]);
    } finally {
      await replica?.close();
      await shared.drop();
    }
  }, 60_000);

  it('leaves a message unflagged while the database refuses the commit, and takes it on a later pass', async () => {
    const shared = await sharedDatabase();
    const { db, count } = shared;
    try {
      await db.query(`
        CREATE FUNCTION refuse_raw() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'simulated database outage'; END $$`);
      await db.query(`CREATE TRIGGER refuse_raw BEFORE INSERT ON raw_messages FOR EACH ROW EXECUTE FUNCTION refuse_raw()`);
      await dovecot.append('outage', 'INBOX', await mail('outage', 'Water quality'));
      const replica = await startReplica(shared.url, { IMAP_MAILBOXES: dovecot.url('outage'), IMAP_POLL_SECONDS: '60' });
      try {
        const [failing] = await waitFor(async () => {
          const status = await replica.door.status();
          return status[0].lastError?.includes('simulated database outage') ? status : null;
        }, 'the failed commit reported');
        expect(failing.lastSuccessAt).toBeNull();
        // Fetched (BODY.PEEK) but not committed: not even \Seen.
        expect(await flagsOf('outage', 'INBOX')).toEqual([[]]);
        expect(await count(`SELECT count(*) AS n FROM raw_messages`)).toBe(0);
        expect((await db.query(`SELECT last_error FROM imap_folder_state`)).rows[0].last_error).toContain('simulated database outage');

        await db.query(`DROP TRIGGER refuse_raw ON raw_messages`);
        await waitFor(() => count(`SELECT count(*) AS n FROM tickets`), 'the ticket after the outage');
        await waitFor(async () => (await flagsOf('outage', 'INBOX'))[0]?.includes('$Newsdesk'), 'the message flagged');
        expect(await count(`SELECT count(*) AS n FROM raw_messages`)).toBe(1);
        const [recovered] = await waitFor(async () => {
          const status = await replica.door.status();
          return status[0].lastError === null ? status : null;
        }, 'the error cleared');
        expect(recovered).toMatchObject({ connected: true, lastUid: 1, lastSuccessAt: expect.any(String) });
      } finally {
        await replica.close();
      }
    } finally {
      await shared.drop();
    }
  }, 60_000);

  it('re-scans a folder whose UIDVALIDITY changed without doubling tickets', async () => {
    const shared = await sharedDatabase();
    const { db, count } = shared;
    try {
      await dovecot.append('migrated', 'Press', await mail('mig-a', 'Airport noise'));
      await dovecot.append('migrated', 'Press', await mail('mig-b', 'Bus lanes'));
      const before = await dovecot.uidValidity('migrated', 'Press');
      const replica = await startReplica(shared.url, { IMAP_MAILBOXES: dovecot.url('migrated', 'Press'), IMAP_POLL_SECONDS: '1' });
      try {
        await waitFor(async () => (await flagsOf('migrated', 'Press')).every((flags) => flags.includes('$Newsdesk')) && (await count(`SELECT count(*) AS n FROM tickets`)) === 2, 'both processed');

        // The folder is rebuilt under the running door: one message kept its keyword, one lost it, one is new.
        await dovecot.deleteFolder('migrated', 'Press');
        await dovecot.append('migrated', 'Press', await mail('mig-a', 'Airport noise'), ['$Newsdesk', '\\Seen']);
        await dovecot.append('migrated', 'Press', await mail('mig-b', 'Bus lanes'));
        await dovecot.append('migrated', 'Press', await mail('mig-c', 'Cycle paths'));
        const after = await dovecot.uidValidity('migrated', 'Press');
        expect(after).not.toBe(before);

        await waitFor(async () => (await flagsOf('migrated', 'Press')).every((flags) => flags.includes('$Newsdesk')), 'the rebuilt folder processed');
        await waitFor(async () => (await count(`SELECT count(*) AS n FROM raw_messages WHERE outcome = 'pending'`)) === 0, 'every commit processed');
        expect(await count(`SELECT count(*) AS n FROM tickets`)).toBe(3);
        const rows = (await db.query(`SELECT message_id, outcome FROM raw_messages ORDER BY received_at`)).rows;
        expect(rows).toEqual([
          { message_id: 'mig-a@daily.example', outcome: 'created' },
          { message_id: 'mig-b@daily.example', outcome: 'created' },
          { message_id: 'mig-b@daily.example', outcome: 'duplicate' },
          { message_id: 'mig-c@daily.example', outcome: 'created' },
        ]);
        expect((await db.query(`SELECT uid_validity, last_uid FROM imap_folder_state`)).rows).toEqual([{ uid_validity: after.toString(), last_uid: '3' }]);
      } finally {
        await replica.close();
      }
    } finally {
      await shared.drop();
    }
  }, 60_000);

  it('stores a message over INTAKE_MAX_MESSAGE_BYTES cut at the limit, where it is quarantined, and keeps the original on the server', async () => {
    const shared = await sharedDatabase();
    const { db } = shared;
    const limit = 20 * 1024;
    const replica = await startReplica(shared.url, { IMAP_MAILBOXES: dovecot.url('big'), INTAKE_MAX_MESSAGE_BYTES: String(limit), WEB_FORM_MAX_ATTACHMENTS: '0' });
    try {
      const bytes = await compose({ from: 'jo@daily.example', subject: 'Leaked report', text: 'x'.repeat(3 * limit), messageId: '<big@daily.example>' });
      await dovecot.append('big', 'INBOX', bytes);
      const raw = await waitFor(async () => (await db.query(`SELECT outcome, size, error FROM raw_messages WHERE outcome <> 'pending'`)).rows[0], 'the oversized message processed');
      expect(raw).toEqual({ outcome: 'quarantined', size: limit + 1, error: `message is ${limit + 1} bytes; the limit is ${limit}` });
      await waitFor(async () => (await flagsOf('big', 'INBOX'))[0]?.includes('$Newsdesk'), 'the message flagged');
      expect(await dovecot.messages('big', 'INBOX')).toEqual([{ uid: 1, flags: PROCESSED, messageId: '<big@daily.example>' }]);
    } finally {
      await replica.close();
      await shared.drop();
    }
  });

  it('lets exactly one of two replicas watch a mailbox, and the other take over when it stops', async () => {
    const shared = await sharedDatabase();
    const { count } = shared;
    const env = { IMAP_MAILBOXES: dovecot.url('shared'), IMAP_POLL_SECONDS: '1' };
    const replicas = [await startReplica(shared.url, env), await startReplica(shared.url, env)];
    try {
      const statuses = await waitFor(async () => {
        const all = await Promise.all(replicas.map(async (replica) => (await replica.door.status())[0]));
        return all.some((status) => status.connected) ? all : null;
      }, 'one replica connected');
      expect(statuses.filter((status) => status.owned)).toHaveLength(1);
      const owner = statuses.findIndex((status) => status.owned);

      await dovecot.append('shared', 'INBOX', await mail('shared-one', 'Stadium plans'));
      await waitFor(async () => (await flagsOf('shared', 'INBOX'))[0]?.includes('$Newsdesk'), 'the first message flagged');
      await waitFor(() => count(`SELECT count(*) AS n FROM tickets`), 'the first ticket');
      expect(await count(`SELECT count(*) AS n FROM raw_messages`)).toBe(1);
      const other = replicas[1 - owner];
      expect((await other.door.status())[0]).toMatchObject({ connected: false, owned: false });

      await replicas[owner].close();
      await waitFor(async () => (await other.door.status())[0].connected, 'the other replica taking over');
      await dovecot.append('shared', 'INBOX', await mail('shared-two', 'Stadium plans, costs'));
      await waitFor(async () => (await flagsOf('shared', 'INBOX'))[1]?.includes('$Newsdesk'), 'the second message flagged');
      await waitFor(async () => (await count(`SELECT count(*) AS n FROM tickets`)) === 2, 'the second ticket');
      expect(await count(`SELECT count(*) AS n FROM raw_messages`)).toBe(2);
    } finally {
      for (const replica of replicas) await replica.close();
      await shared.drop();
    }
  }, 60_000);
});
