import { normaliseMessageId } from './message-ids.js';

export interface HeaderView {
  /** Case-insensitive; the first value, raw (unfolded or not). */
  get(name: string): string | undefined;
}

export interface ClassifyInput {
  headers: HeaderView;
  /** Lower-cased sender address. */
  from: string | null;
  /** undefined when the header is absent, '' for the null sender `<>`. */
  returnPath: string | null | undefined;
  /** Top-level Content-Type, lower-case, with parameters. */
  contentType: string;
  subject: string;
  ourDomain: string;
  /**
   * True for Message-IDs we generated (signed). Only those mark our own mail coming back: colleagues'
   * mail from the organisation's own domain carries that domain too and is not a loop.
   */
  isOwnMessageId: (normalisedId: string) => boolean;
  messageId: string | null;
}

export type MailKind = 'normal' | 'bounce' | 'auto_reply' | 'list' | 'own';

export interface MailClassification {
  kind: MailKind;
  /** Which rule matched, for the intake log. */
  reason: string;
}

// Senders that only ever send delivery reports.
const BOUNCE_SENDER_LOCAL = /^(?:mailer-daemon|mailer_daemon|maildaemon|mail-daemon|postmaster|mdaemon|mail\.delivery\.system|bounce|bounces|mailerdaemon)$/i;
const BOUNCE_SENDER_NAME = /\b(?:mail delivery (?:subsystem|system|service)|mailer[- ]daemon|postmaster|delivery status notification|mail administrator)\b/i;

// Subjects of delivery reports, as the common MTAs word them.
const DSN_SUBJECT = new RegExp(
  [
    'undeliver(?:ed|able)',
    'returned mail',
    'returned to sender',
    'delivery status notification',
    'delivery (?:has )?fail',
    'delivery failure',
    'delivery problem',
    'delivery notification',
    'delivery report',
    'failure notice',
    'mail delivery fail',
    'mail (?:could not|couldn\'t) be delivered',
    'message (?:could not|couldn\'t|not) (?:be )?delivered',
    'non[- ]?delivery',
    'nicht zustellbar',
    'unzustellbar',
    'non remis',
    'non distribuable',
    'échec de (?:la )?(?:remise|distribution)',
    'no se puede entregar',
    'não (?:foi possível )?entreg',
    'impossibile consegnare',
    'onbestelbaar',
    'warning: could not send message',
    'mail system error',
    'message delayed',
    'delayed mail',
    'delivery delayed',
    'undelivered mail',
    'dsn',
    'bounce',
    'rejected',
    'メールエラー',
    'エラー通知',
    '配信(?:不能|エラー|失敗)',
    '送信(?:不能|エラー|失敗)',
    '未達',
    '退信',
    '投递失败',
  ].join('|'),
  'i',
);

// No person writes from these, so a delivery-report subject from them is a report.
const NO_REPLY_LOCAL = /^(?:no-?reply|do-?not-?reply|donotreply|notifications?)(?:[-_.+].*)?$/i;
// Hotmail/Outlook.com complaint feedback (JMRP) names the sending IP address in the subject.
const COMPLAINT_SUBJECT = /^\s*complaint about message from \[?\d{1,3}(?:\.\d{1,3}){3}\]?/i;

// Vacation and out-of-office subjects in the languages press offices meet most.
const AUTO_REPLY_SUBJECT = new RegExp(
  [
    '^\\s*auto(?:matic)?[ -]?(?:reply|response|respond|answer)',
    '^\\s*auto:',
    '^\\s*autoreply',
    '\\bout of (?:the )?office\\b',
    '\\bout-of-office\\b',
    '^\\s*away from (?:my|the) (?:desk|office)',
    '^\\s*on vacation',
    '^\\s*vacation (?:reply|notice|message)',
    '^\\s*ooo\\b',
    'abwesenheitsnotiz',
    'automatische antwort',
    'abwesend',
    'réponse automatique',
    'absence du bureau',
    'absent(?:e)? du bureau',
    'respuesta automática',
    'fuera de la oficina',
    'resposta automática',
    'ausente do escritório',
    'risposta automatica',
    'fuori sede',
    'automatisch antwoord',
    'afwezigheid',
    'automatiskt svar',
    'frånvaro',
    'automatisk svar',
    'fravær',
    'automaattinen vastaus',
    'autosvar',
    'odpowiedź automatyczna',
    'автоответ',
    '自動応答',
    '自动回复',
    '自動回覆',
    '不在',
  ].join('|'),
  'i',
);

// X-Mailer values of vacation programs.
const AUTO_REPLY_MAILER = /vacation|autorespond|auto-?reply|out of office/i;

/** Decides whether a mail is an inquiry (normal) or something never to acknowledge, and why. */
export function classifyMail(input: ClassifyInput): MailClassification {
  return ownMail(input) ?? bounce(input) ?? autoReply(input) ?? list(input) ?? { kind: 'normal', reason: 'no-rule-matched' };
}

function ownMail(input: ClassifyInput): MailClassification | null {
  const id = normaliseMessageId(input.messageId);
  if (id && input.isOwnMessageId(id)) return { kind: 'own', reason: `our own signed message-id ${id}` };
  const loop = input.headers.get('x-loop');
  if (loop && namesDomain(loop, input.ourDomain)) return { kind: 'own', reason: `x-loop: ${loop.trim()}` };
  return null;
}

function bounce(input: ClassifyInput): MailClassification | null {
  const reportType = contentTypeParameter(input.contentType, 'report-type');
  if (mediaType(input.contentType) === 'multipart/report') {
    if (reportType === 'delivery-status') return { kind: 'bounce', reason: 'multipart/report; report-type=delivery-status' };
    if (reportType === 'feedback-report') return { kind: 'bounce', reason: 'multipart/report; report-type=feedback-report (ARF)' };
  }
  if (mediaType(input.contentType) === 'message/delivery-status') return { kind: 'bounce', reason: 'content-type message/delivery-status' };
  if (input.headers.get('x-failed-recipients') !== undefined) return { kind: 'bounce', reason: 'x-failed-recipients header' };

  // Amazon SES delivers its bounce and complaint notifications through SNS.
  if (input.headers.get('x-amz-sns-message-id') !== undefined) return { kind: 'bounce', reason: 'Amazon SES notification (x-amz-sns-message-id)' };
  if (COMPLAINT_SUBJECT.test(input.subject)) return { kind: 'bounce', reason: 'complaint feedback report (subject)' };

  const local = input.from?.split('@')[0] ?? '';
  if (BOUNCE_SENDER_LOCAL.test(local)) return { kind: 'bounce', reason: `sender ${input.from}` };
  if (NO_REPLY_LOCAL.test(local) && DSN_SUBJECT.test(input.subject)) {
    return { kind: 'bounce', reason: `sender ${input.from} with a delivery-report subject` };
  }
  const fromHeader = input.headers.get('from') ?? '';
  if (!input.from && BOUNCE_SENDER_NAME.test(fromHeader)) return { kind: 'bounce', reason: `sender "${fromHeader.trim()}"` };
  if (BOUNCE_SENDER_NAME.test(displayName(fromHeader)) && DSN_SUBJECT.test(input.subject)) {
    return { kind: 'bounce', reason: `sender "${displayName(fromHeader)}" with a delivery-report subject` };
  }

  if (input.returnPath === '' && DSN_SUBJECT.test(input.subject) && !AUTO_REPLY_SUBJECT.test(input.subject)) {
    return { kind: 'bounce', reason: 'null return path with a delivery-report subject' };
  }
  return null;
}

function autoReply(input: ClassifyInput): MailClassification | null {
  const h = input.headers;
  const autoSubmitted = h.get('auto-submitted')?.split(';')[0].trim().toLowerCase();
  if (autoSubmitted && autoSubmitted !== 'no') return { kind: 'auto_reply', reason: `auto-submitted: ${autoSubmitted}` };

  for (const name of ['x-autoreply', 'x-autorespond', 'x-autoresponder', 'x-autogenerated', 'x-auto-reply-from', 'x-mail-autoreply']) {
    const value = h.get(name);
    if (value !== undefined && !/^\s*(?:no|false|0)\s*$/i.test(value)) return { kind: 'auto_reply', reason: `${name} header` };
  }
  const suppress = h.get('x-auto-response-suppress');
  if (suppress && /\b(?:all|oof|autoreply)\b/i.test(suppress)) {
    return { kind: 'auto_reply', reason: `x-auto-response-suppress: ${suppress.trim()}` };
  }

  const precedence = h.get('precedence')?.trim().toLowerCase();
  if (precedence === 'bulk' || precedence === 'junk' || precedence === 'auto_reply' || precedence === 'auto-reply') {
    return { kind: 'auto_reply', reason: `precedence: ${precedence}` };
  }

  if (mediaType(input.contentType) === 'multipart/report' && contentTypeParameter(input.contentType, 'report-type') === 'disposition-notification') {
    return { kind: 'auto_reply', reason: 'read receipt (report-type=disposition-notification)' };
  }
  if (AUTO_REPLY_SUBJECT.test(input.subject)) return { kind: 'auto_reply', reason: `subject "${input.subject.trim()}"` };
  const mailer = h.get('x-mailer');
  if (mailer && AUTO_REPLY_MAILER.test(mailer)) return { kind: 'auto_reply', reason: `x-mailer: ${mailer.trim()}` };

  // RFC 5321: the null sender is for automatic mail only; no person writes from <>.
  if (input.returnPath === '') return { kind: 'auto_reply', reason: 'null return path' };
  return null;
}

function list(input: ClassifyInput): MailClassification | null {
  const h = input.headers;
  if (h.get('list-id') !== undefined) return { kind: 'list', reason: 'list-id header' };
  if (h.get('mailing-list') !== undefined) return { kind: 'list', reason: 'mailing-list header' };
  if (h.get('precedence')?.trim().toLowerCase() === 'list') {
    return { kind: 'list', reason: h.get('list-unsubscribe') !== undefined ? 'list-unsubscribe with precedence: list' : 'precedence: list' };
  }
  return null;
}

function mediaType(contentType: string): string {
  return contentType.split(';')[0].trim().toLowerCase();
}

function contentTypeParameter(contentType: string, name: string): string | null {
  const match = new RegExp(`;\\s*${name}\\s*=\\s*(?:"([^"]*)"|([^;\\s]+))`, 'i').exec(contentType);
  return match ? (match[1] ?? match[2]).trim().toLowerCase() : null;
}

function displayName(fromHeader: string): string {
  const lt = fromHeader.indexOf('<');
  return (lt >= 0 ? fromHeader.slice(0, lt) : '').replace(/"/g, '').trim();
}

// "news@example.org", "example.org" or "<news@Example.org>" name example.org; "notexample.org" does not.
function namesDomain(value: string, domain: string): boolean {
  const wanted = domain.trim().toLowerCase();
  if (wanted === '') return false;
  return value
    .toLowerCase()
    .split(/[\s,;<>]+/)
    .some((token) => token === wanted || token.endsWith(`@${wanted}`));
}
