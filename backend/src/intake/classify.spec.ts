import { classifyMail, type ClassifyInput, type HeaderView } from './classify.js';

function headerView(headers: Record<string, string>): HeaderView {
  const byName = new Map(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
  return { get: (name) => byName.get(name.toLowerCase()) };
}

/** A journalist's ordinary mail, with the given differences. */
function mail(overrides: Partial<Omit<ClassifyInput, 'headers'>> & { headers?: Record<string, string> } = {}): ClassifyInput {
  const { headers, ...rest } = overrides;
  return {
    headers: headerView(headers ?? {}),
    from: 'jane@paper.example',
    returnPath: 'jane@paper.example',
    contentType: 'text/plain; charset=utf-8',
    subject: 'Request for comment on the budget',
    ourDomain: 'newsdesk.example.org',
    isOwnMessageId: (id) => id.startsWith('nd.signed.'),
    messageId: 'CAF=abc123@mail.gmail.com',
    ...rest,
  };
}

describe('classifyMail', () => {
  it('treats a journalist mail as normal', () => {
    expect(classifyMail(mail())).toEqual({ kind: 'normal', reason: 'no-rule-matched' });
  });

  describe('own mail', () => {
    it('recognises our own signed Message-ID', () => {
      const result = classifyMail(mail({ messageId: '<nd.signed.defghijklm@Mail.Newsdesk.Example.org>' }));
      expect(result.kind).toBe('own');
      expect(result.reason).toContain('nd.signed.defghijklm@mail.newsdesk.example.org');
    });

    it("does not take a colleague's unsigned Message-ID on our domain for a loop", () => {
      expect(classifyMail(mail({ messageId: '<CAF123@mail.newsdesk.example.org>' })).kind).toBe('normal');
    });

    it('recognises an X-Loop naming our domain', () => {
      expect(classifyMail(mail({ headers: { 'X-Loop': 'news@newsdesk.example.org' } })).kind).toBe('own');
      expect(classifyMail(mail({ headers: { 'X-Loop': 'newsdesk.example.org' } })).kind).toBe('own');
    });

    it('ignores an X-Loop of another domain', () => {
      expect(classifyMail(mail({ headers: { 'X-Loop': 'news@notnewsdesk.example.org' } })).kind).toBe('normal');
    });

    it('wins over every other rule', () => {
      const loopedBounce = mail({ messageId: 'nd.signed.x@mail.newsdesk.example.org', from: 'mailer-daemon@mx.example.net', contentType: 'multipart/report; report-type=delivery-status' });
      expect(classifyMail(loopedBounce).kind).toBe('own');
    });
  });

  describe('bounces', () => {
    it('recognises a delivery-status report', () => {
      const result = classifyMail(mail({ contentType: 'multipart/report; report-type="delivery-status"; boundary="b1"' }));
      expect(result).toEqual({ kind: 'bounce', reason: 'multipart/report; report-type=delivery-status' });
    });

    it('treats an ARF feedback report as a bounce', () => {
      expect(classifyMail(mail({ contentType: 'multipart/report; report-type=feedback-report; boundary=x' })).kind).toBe('bounce');
    });

    it.each(['mailer-daemon@mx.paper.example', 'MAILER-DAEMON', 'postmaster@paper.example'])('recognises the sender %s', (from) => {
      const result = classifyMail(mail({ from: from.toLowerCase(), subject: 'Hello' }));
      expect(result.kind).toBe('bounce');
      expect(result.reason).toContain(from.toLowerCase());
    });

    it('recognises a "Mail Delivery Subsystem" sender with a report subject', () => {
      const result = classifyMail(mail({ from: 'bounce-handler@google.example', headers: { From: 'Mail Delivery Subsystem <bounce-handler@google.example>' }, subject: 'Delivery Status Notification (Failure)' }));
      expect(result.kind).toBe('bounce');
    });

    it.each([
      'Undelivered Mail Returned to Sender',
      'Delivery Status Notification (Failure)',
      'Mail delivery failed: returning message to sender',
      'Returned mail: see transcript for details',
      'failure notice',
      'Undeliverable: Request for comment',
      'Unzustellbar: Anfrage',
    ])('recognises the null sender with the subject "%s"', (subject) => {
      const result = classifyMail(mail({ returnPath: '', from: 'system@mx.paper.example', subject }));
      expect(result).toEqual({ kind: 'bounce', reason: 'null return path with a delivery-report subject' });
    });

    it('recognises X-Failed-Recipients', () => {
      expect(classifyMail(mail({ headers: { 'X-Failed-Recipients': 'gone@paper.example' } }))).toEqual({ kind: 'bounce', reason: 'x-failed-recipients header' });
    });

    it('does not take a journalist asking about undeliverable mail for a bounce', () => {
      expect(classifyMail(mail({ subject: 'Undeliverable parcels at the depot: comment?' })).kind).toBe('normal');
    });
  });

  describe('auto-replies', () => {
    it.each(['auto-replied', 'auto-generated', 'auto-notified; owner-email="x@paper.example"'])('recognises Auto-Submitted: %s', (value) => {
      expect(classifyMail(mail({ headers: { 'Auto-Submitted': value } })).kind).toBe('auto_reply');
    });

    it('accepts Auto-Submitted: no as a person', () => {
      expect(classifyMail(mail({ headers: { 'Auto-Submitted': 'no' } })).kind).toBe('normal');
    });

    it.each([
      ['X-Autoreply', 'yes'],
      ['X-Autorespond', 'Out of office'],
      ['X-Auto-Response-Suppress', 'All'],
      ['X-Auto-Response-Suppress', 'DR, OOF, AutoReply'],
    ])('recognises %s: %s', (name, value) => {
      const result = classifyMail(mail({ headers: { [name]: value } }));
      expect(result.kind).toBe('auto_reply');
      expect(result.reason.toLowerCase()).toContain(name.toLowerCase());
    });

    it('ignores X-Auto-Response-Suppress that only suppresses receipts', () => {
      expect(classifyMail(mail({ headers: { 'X-Auto-Response-Suppress': 'DR, RN, NRN' } })).kind).toBe('normal');
    });

    it.each(['bulk', 'junk', 'auto_reply'])('recognises Precedence: %s', (value) => {
      expect(classifyMail(mail({ headers: { Precedence: value } }))).toEqual({ kind: 'auto_reply', reason: `precedence: ${value}` });
    });

    it.each([
      'Out of Office: Request for comment',
      'Automatic reply: Request for comment',
      'Autoreply: away',
      'Auto: Request for comment',
      'Abwesenheitsnotiz: Anfrage',
      'Réponse automatique : Demande',
      'Respuesta automática: consulta',
      'Automatisch antwoord: vraag',
    ])('recognises the vacation subject "%s"', (subject) => {
      const result = classifyMail(mail({ subject }));
      expect(result.kind).toBe('auto_reply');
      expect(result.reason).toContain('subject');
    });

    it('recognises a vacation program in X-Mailer', () => {
      expect(classifyMail(mail({ headers: { 'X-Mailer': 'Unix vacation 1.2' } })).kind).toBe('auto_reply');
    });

    it('recognises any other mail from the null sender', () => {
      expect(classifyMail(mail({ returnPath: '', subject: 'Hello' }))).toEqual({ kind: 'auto_reply', reason: 'null return path' });
    });

    it('treats a read receipt as an auto-reply, not a bounce', () => {
      expect(classifyMail(mail({ contentType: 'multipart/report; report-type=disposition-notification' })).kind).toBe('auto_reply');
    });

    it('ranks a bounce above an auto-reply', () => {
      const result = classifyMail(mail({ from: 'mailer-daemon@mx.example.net', headers: { 'Auto-Submitted': 'auto-replied' } }));
      expect(result.kind).toBe('bounce');
    });
  });

  describe('lists', () => {
    it('recognises List-Id', () => {
      expect(classifyMail(mail({ headers: { 'List-Id': '<press.lists.example.net>' } }))).toEqual({ kind: 'list', reason: 'list-id header' });
    });

    it('recognises List-Unsubscribe with Precedence: list', () => {
      const result = classifyMail(mail({ headers: { 'List-Unsubscribe': '<mailto:leave@lists.example.net>', Precedence: 'list' } }));
      expect(result).toEqual({ kind: 'list', reason: 'list-unsubscribe with precedence: list' });
    });

    it('recognises Mailing-List', () => {
      expect(classifyMail(mail({ headers: { 'Mailing-List': 'contact press-help@lists.example.net' } })).kind).toBe('list');
    });

    it('does not treat a lone List-Unsubscribe as a list', () => {
      expect(classifyMail(mail({ headers: { 'List-Unsubscribe': '<https://crm.example.net/u/1>' } })).kind).toBe('normal');
    });

    it('ranks an auto-reply above a list', () => {
      expect(classifyMail(mail({ headers: { 'List-Id': '<x.example.net>', 'Auto-Submitted': 'auto-replied' } })).kind).toBe('auto_reply');
    });
  });
});
