import type { TicketDetailDto } from '@newsdesk/shared';
import iconv from 'iconv-lite';
import type { Transporter } from 'nodemailer';
import pg from 'pg';
import { connectDatabase } from './database.js';
import { signedInClient } from './factories.js';
import { HttpClient } from './http-client.js';
import { INTAKE, startMailDoors, waitFor } from './mail.js';
import { createTestApp, type TestApp } from './test-app.js';

/** Hand-written MIME header lines, CRLF line endings, bytes as written (Latin-1 keeps 8-bit bytes). */
const lines = (...text: string[]) => Buffer.from(text.join('\r\n'), 'latin1');
// oxlint-disable-next-line no-control-regex -- C1 controls are the mojibake that must never be stored
const MOJIBAKE = /[\uFFFD\u0080-\u009F]/;

describe('intake fidelity: the press officer sees what the journalist wrote', () => {
  let testApp: TestApp;
  let db: pg.Client;
  let smtp: Transporter;
  let agent: HttpClient;

  beforeAll(async () => {
    testApp = await createTestApp();
    db = await connectDatabase(testApp);
    ({ transport: smtp } = await startMailDoors(testApp));
    ({ client: agent } = await signedInClient(testApp, 'agent'));
  });
  afterAll(async () => {
    smtp.close();
    await db.end();
    await testApp.close();
  });

  /** Sends the bytes as they are over SMTP and returns the ticket the press officer opens. */
  const deliver = async (id: string, ...parts: (Buffer | string)[]): Promise<TicketDetailDto> => {
    const raw = Buffer.concat([lines(`To: ${INTAKE}`, `Message-ID: <${id}>`, ''), ...parts.map((part) => (typeof part === 'string' ? Buffer.from(part, 'latin1') : part))]);
    await smtp.sendMail({ envelope: { from: 'sender@example.org', to: [INTAKE] }, raw });
    const ticketId = await waitFor(async () => {
      const { rows } = await db.query(`SELECT outcome, ticket_id FROM raw_messages WHERE message_id = $1 AND outcome <> 'pending'`, [id]);
      return rows[0]?.ticket_id as string | undefined;
    }, `ticket for ${id}`);
    return (await agent.get<TicketDetailDto>(`/api/tickets/${ticketId}`)).body;
  };
  const stored = (ticket: TicketDetailDto) => [ticket.subject, ticket.journalist?.name ?? '', ticket.messages[0].text ?? '', ticket.messages[0].newText ?? ''].join('\n');

  it('finds the same bytes received again a duplicate, even where an older parser stored other text for them', async () => {
    const bytes = lines('From: Ana Ruiz <ana@diario.example>', 'To: ' + INTAKE, 'Subject: Budget figures', 'Message-ID: <reimport@diario.example>', 'Content-Type: text/html; charset=utf-8', '', '<h1>Budget</h1><p>Which figures will you publish?</p>', '');
    await smtp.sendMail({ envelope: { from: 'ana@diario.example', to: [INTAKE] }, raw: bytes });
    await waitFor(async () => (await db.query(`SELECT 1 FROM raw_messages WHERE message_id = 'reimport@diario.example' AND outcome = 'created'`)).rowCount === 1, 'first copy processed');
    // What a previous version of the parser derived (and hashed) from the same bytes.
    await db.query(`UPDATE messages SET content_hash = 'hash-of-text-an-older-parser-derived' WHERE message_id = 'reimport@diario.example'`);

    await smtp.sendMail({ envelope: { from: 'ana@diario.example', to: [INTAKE] }, raw: bytes });
    const outcomes = await waitFor(async () => {
      const { rows } = await db.query(`SELECT outcome FROM raw_messages WHERE message_id = 'reimport@diario.example' ORDER BY received_at`);
      return rows.length === 2 && rows.every((row) => row.outcome !== 'pending') ? rows.map((row) => row.outcome as string) : undefined;
    }, 'second copy processed');
    expect(outcomes).toEqual(['created', 'duplicate']);
    const { rows } = await db.query(`SELECT count(*)::int AS n FROM messages WHERE message_id = 'reimport@diario.example'`);
    expect(rows[0].n).toBe(1);
  });

  describe('charsets', () => {
    it("decodes raw 8-bit headers with their own part's charset, not the first charset= in the message", async () => {
      // Undeclared Shift_JIS headers and body; an attachment further down declares KOI8-R.
      const ticket = await deliver(
        'sjis-headers@nikkei.example',
        lines('MIME-Version: 1.0', 'Content-Type: multipart/mixed; boundary="sep"', ''),
        Buffer.concat([Buffer.from('Subject: '), iconv.encode('記者会見の日程について質問があります', 'shift_jis'), Buffer.from('\r\n')]),
        Buffer.concat([Buffer.from('Cc: '), iconv.encode('佐藤花子', 'shift_jis'), Buffer.from(' <sato@nikkei.example>\r\n')]),
        Buffer.concat([Buffer.from('From: '), iconv.encode('田中太郎', 'shift_jis'), Buffer.from(' <tanaka@nikkei.example>\r\n\r\n')]),
        lines('--sep', 'Content-Type: text/plain', 'Content-Transfer-Encoding: 8bit', '', ''),
        iconv.encode('広報ご担当者様、来週の記者会見の日程を教えていただけますか。', 'shift_jis'),
        lines('', '--sep', 'Content-Type: text/plain; charset=koi8-r', 'Content-Disposition: attachment; filename="notes.txt"', '', ''),
        iconv.encode('Заметки', 'koi8-r'),
        lines('', '--sep--', ''),
      );
      expect(ticket.subject).toBe('記者会見の日程について質問があります');
      expect(ticket.journalist).toMatchObject({ name: '田中太郎', email: 'tanaka@nikkei.example' });
      expect(ticket.messages[0].text).toBe('広報ご担当者様、来週の記者会見の日程を教えていただけますか。');
      expect(ticket.messages[0].cc).toEqual([{ name: '佐藤花子', address: 'sato@nikkei.example' }]);
    });

    it("decodes a raw 8-bit attachment name with its own part's charset, or as detected", async () => {
      const ticket = await deliver(
        'raw-filenames@nikkei.example',
        lines('From: tanaka@nikkei.example', 'Subject: Files', 'MIME-Version: 1.0', 'Content-Type: multipart/mixed; boundary="sep"', '', '--sep', 'Content-Type: text/plain; charset=utf-8', '', 'Two files.', '--sep', 'Content-Type: text/plain; charset=shift_jis', ''),
        Buffer.concat([Buffer.from('Content-Disposition: attachment; filename="'), iconv.encode('記者会見資料.txt', 'shift_jis'), Buffer.from('"\r\n\r\nx\r\n')]),
        lines('--sep', 'Content-Type: application/octet-stream', ''),
        Buffer.concat([Buffer.from('Content-Disposition: attachment; filename="'), iconv.encode('Übersicht für die Presse.pdf', 'windows-1252'), Buffer.from('"\r\n\r\ny\r\n--sep--\r\n')]),
      );
      expect(ticket.messages[0].attachments.map((attachment) => attachment.filename)).toEqual(['記者会見資料.txt', 'Übersicht für die Presse.pdf']);
    });

    it('detects GBK, Big5, EUC-KR and ISO-2022-JP bodies that name no charset', async () => {
      const bodies: [string, string, Buffer][] = [
        ['gbk', '您好，请问贵公司对本次事件有何回应？我们的截稿时间是今天下午五点。', iconv.encode('您好，请问贵公司对本次事件有何回应？我们的截稿时间是今天下午五点。', 'gbk')],
        ['big5', '您好，請問貴公司對本次事件有何回應？我們的截稿時間是今天下午五點。', iconv.encode('您好，請問貴公司對本次事件有何回應？我們的截稿時間是今天下午五點。', 'big5')],
        ['euckr', '안녕하세요, 이번 사건에 대한 귀사의 입장을 듣고 싶습니다. 마감은 오늘 오후 다섯 시입니다.', iconv.encode('안녕하세요, 이번 사건에 대한 귀사의 입장을 듣고 싶습니다. 마감은 오늘 오후 다섯 시입니다.', 'euc-kr')],
        // ISO-2022-JP is 7-bit: only its escape sequences tell it apart ("こんにちは、記者です").
        ['jis', 'こんにちは、記者です', Buffer.from('\x1b$B$3$s$K$A$O!"5-<T$G$9\x1b(B', 'latin1')],
      ];
      for (const [name, expected, body] of bodies) {
        const ticket = await deliver(`${name}-body@cjk.example`, lines('From: desk@cjk.example', `Subject: ${name}`, 'MIME-Version: 1.0', 'Content-Type: text/plain', '', ''), body, '\r\n');
        expect({ name, text: ticket.messages[0].text }).toEqual({ name, text: expected });
      }
    });

    it('never stores replacement characters or C1 controls: mislabelled, Latin-1-labelled and double-encoded text', async () => {
      // Declared UTF-8, written in Windows-1252.
      const mislabelled = await deliver('mislabelled@latin.example', 'From: desk@latin.example\r\nSubject: Label\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nCaf\xe9 \x93quoted\x94 \x96 d\xe9j\xe0 vu\r\n');
      expect(mislabelled.messages[0].text).toBe('Café “quoted” – déjà vu');
      // Encoded word labelled ISO-8859-1 whose bytes are Windows-1252 quotes.
      const latin1 = await deliver('latin1-word@latin.example', 'From: desk@latin.example\r\nSubject: =?iso-8859-1?Q?=93Budget=94_question?=\r\n\r\nBody\r\n');
      expect(latin1.subject).toBe('“Budget” question');
      // A Big5 subject a relay re-encoded as UTF-8 of its Latin-1 reading; the part says Big5.
      const relayed = await deliver(
        'relayed@big5.example',
        Buffer.concat([Buffer.from('From: desk@big5.example\r\nSubject: '), Buffer.from(iconv.encode('大家說英語', 'big5').toString('latin1'), 'utf8'), Buffer.from('\r\nContent-Type: text/plain; charset="big5"\r\n\r\n'), iconv.encode('每日聽', 'big5'), Buffer.from('\r\n')]),
      );
      expect(relayed.subject).toBe('大家說英語');
      expect(relayed.messages[0].text).toBe('每日聽');
      for (const ticket of [mislabelled, latin1, relayed]) expect(stored(ticket)).not.toMatch(MOJIBAKE);
    });
  });

  describe('HTML to text', () => {
    it("keeps the writer's words from an HTML-only mail: case, long lines, lists, links, and quotes marked for the trimmer", async () => {
      const sentence = 'Could you confirm the figures in the attached statement before our deadline at five o’clock this afternoon, please';
      const ticket = await deliver(
        'html-only@daily.example',
        'From: "Jo Reporter" <jo@daily.example>\r\nSubject: Figures\r\nMIME-Version: 1.0\r\nContent-Type: text/html; charset=utf-8\r\n\r\n',
        Buffer.from(
          `<h2>Budget figures</h2><p>${sentence}</p><ul><li>Harbour spending</li><li>Bridge repairs</li></ul>` +
            '<p>Background: <a href="https://daily.example/story">our earlier story</a></p>' +
            '<div class="gmail_quote"><div class="gmail_attr">On Mon, 1 Dec 2026, Press Office wrote:</div><blockquote class="gmail_quote">We will publish on Friday.<br>Regards</blockquote></div>\r\n',
        ),
      );
      const text = ticket.messages[0].text!;
      expect(text).toContain('Budget figures');
      expect(text).not.toContain('BUDGET FIGURES');
      expect(text).toContain(sentence);
      expect(text).toMatch(/^ \* Harbour spending$/m);
      expect(text).toContain('our earlier story <https://daily.example/story>');
      expect(text).toMatch(/^> We will publish on Friday\.$/m);
      expect(ticket.messages[0].newText).not.toContain('We will publish on Friday');
    });

    it("marks Outlook's reply header and the history after it as quoted", async () => {
      const ticket = await deliver(
        'outlook-reply@herald.example',
        'From: kim@herald.example\r\nSubject: RE: Statement\r\nMIME-Version: 1.0\r\nContent-Type: text/html; charset=utf-8\r\n\r\n',
        '<html><body><div><p>Thanks, that answers my question.</p></div>' +
          '<hr style="display:inline-block;width:98%"><div id="divRplyFwdMsg"><b>From:</b> Press Office<br><b>Sent:</b> Monday<br><b>Subject:</b> Statement</div>' +
          '<div><p>Our statement is attached.</p></div></body></html>\r\n',
      );
      const text = ticket.messages[0].text!;
      expect(text).toMatch(/^Thanks, that answers my question\.$/m);
      expect(text).toMatch(/^> .*From:/m);
      expect(text).toMatch(/^> Our statement is attached\.$/m);
      expect(ticket.messages[0].newText).toBe('Thanks, that answers my question.');
    });
  });

  describe('broken structure', () => {
    it('keeps the content of a multipart without a boundary parameter, or whose boundary never appears, as text', async () => {
      const none = await deliver('no-boundary@broken.example', 'From: desk@broken.example\r\nSubject: No boundary\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed\r\n\r\nPlease call me about the harbour story.\r\n');
      expect(none.messages[0].text).toBe('Please call me about the harbour story.');
      const absent = await deliver('absent-boundary@broken.example', 'From: desk@broken.example\r\nSubject: Lost boundary\r\nMIME-Version: 1.0\r\nContent-Type: multipart/alternative; boundary="never-used"\r\n\r\nThe deadline is noon tomorrow.\r\n');
      expect(absent.messages[0].text).toBe('The deadline is noon tomorrow.');
    });

    it('keeps the last part when the closing boundary is missing', async () => {
      const ticket = await deliver(
        'no-close@broken.example',
        lines('From: desk@broken.example', 'Subject: Cut off', 'MIME-Version: 1.0', 'Content-Type: multipart/mixed; boundary="b1"', '', '--b1', 'Content-Type: text/plain', '', 'Statement request below.', '--b1', 'Content-Type: text/csv', 'Content-Disposition: attachment; filename="figures.csv"', '', 'year,amount', '2026,12', ''),
      );
      expect(ticket.messages[0].text).toBe('Statement request below.');
      expect(ticket.messages[0].attachments.map((attachment) => attachment.filename)).toEqual(['figures.csv']);
    });

    it('names an embedded message/rfc822 after its subject with .eml', async () => {
      const ticket = await deliver(
        'forwarded@broken.example',
        lines(
          'From: desk@broken.example',
          'Subject: Fwd: leaked memo',
          'MIME-Version: 1.0',
          'Content-Type: multipart/mixed; boundary="outer"',
          '',
          '--outer',
          'Content-Type: text/plain',
          '',
          'See the forwarded message.',
          '--outer',
          'Content-Type: message/rfc822',
          '',
          'From: source@example.org',
          'Subject: =?utf-8?q?Memo_=C3=BCber_den_Hafen?=',
          '',
          'The memo.',
          '--outer',
          'Content-Type: message/rfc822',
          '',
          'From: other@example.org',
          '',
          'No subject here.',
          '--outer--',
          '',
        ),
      );
      expect(ticket.messages[0].attachments.map((attachment) => attachment.filename)).toEqual(['Memo über den Hafen.eml', 'forwarded message.eml']);
    });
  });
});
