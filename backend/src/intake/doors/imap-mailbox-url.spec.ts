import { ConfigError, loadConfig } from '../../config/app-config.js';
import { parseImapMailboxes } from './imap-mailbox-url.js';

describe('IMAP_MAILBOXES', () => {
  it('reads several mailboxes with their folder, processed folder, name and TLS mode', () => {
    const { mailboxes, problems } = parseImapMailboxes(
      'imaps://press%40example.org:p%40ss%2Cword@imap.example.org/INBOX?processed=Processed&name=press, imap://desk:secret@10.0.0.5:1143/Press%20Desk?tls=insecure',
    );
    expect(problems).toEqual([]);
    expect(mailboxes).toEqual([
      {
        name: 'press',
        host: 'imap.example.org',
        port: 993,
        secure: true,
        user: 'press@example.org',
        password: 'p@ss,word',
        folder: 'INBOX',
        processedFolder: 'Processed',
        allowSelfSigned: false,
      },
      {
        name: 'desk@10.0.0.5',
        host: '10.0.0.5',
        port: 1143,
        secure: false,
        user: 'desk',
        password: 'secret',
        folder: 'Press Desk',
        processedFolder: null,
        allowSelfSigned: true,
      },
    ]);
    expect(parseImapMailboxes('imap://u:p@host').mailboxes[0]).toMatchObject({ port: 143, folder: 'INBOX', name: 'u@host' });
  });

  it('names every problem without ever quoting a password', () => {
    const { problems } = parseImapMailboxes(
      'pop3://u:hunter2@host/INBOX,imaps://u@host/INBOX?proccessed=Done,imaps://u:hunter2@host/INBOX?tls=off,imaps:u:hunter2@@,imap://a:hunter2@h?name=x,imap://b:hunter2@h?name=x',
    );
    expect(problems).toEqual([
      'entry 1 (pop3://u:***@host/INBOX) must start with imap:// or imaps://',
      'entry 2 (imaps://u@host/INBOX?proccessed=Done) has no password; has unknown option proccessed (known: name, processed, tls)',
      'entry 3 (imaps://u:***@host/INBOX?tls=off) supports only tls=insecure',
      'entry 4 has no host: write it as imaps://user:password@host/folder',
      'entry 6 (imap://b:***@h?name=x) repeats the name x: give each mailbox its own name=',
    ]);
    expect(problems.join('\n')).not.toContain('hunter2');
    expect(parseImapMailboxes('imaps://u:hunter2@host/INBOX,not a url:hunter2').problems).toEqual([
      'entry 2 is not a URL such as imaps://user:password@imap.example.org/INBOX',
    ]);
  });

  it('is validated at boot, and the configuration error does not echo the value', () => {
    expect(loadConfig({}).imapMailboxes).toEqual([]);
    expect(loadConfig({ IMAP_MAILBOXES: 'imap://u:p@host', IMAP_POLL_SECONDS: '15' })).toMatchObject({ IMAP_POLL_SECONDS: 15 });
    let error: unknown;
    try {
      loadConfig({ IMAP_MAILBOXES: 'imaps://u:hunter2@host/INBOX?processed=INBOX', IMAP_POLL_SECONDS: '0' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const { problems, message } = error as ConfigError;
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^IMAP_MAILBOXES: entry 1 \(imaps:\/\/u:\*\*\*@host\/INBOX\?processed=INBOX\) processed= must be another folder/),
        expect.stringMatching(/^IMAP_POLL_SECONDS=0: .*not be less than 1/),
      ]),
    );
    expect(message).not.toContain('hunter2');
  });
});
