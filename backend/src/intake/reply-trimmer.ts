/*
 * Cuts a plain-text reply down to what its author wrote. The approach is the one of Discourse's
 * email_reply_trimmer (MIT): give every line a one-letter class, join the letters into a pattern
 * string, and decide what to cut with regular expressions over that pattern.
 *
 * Line classes:
 *   e empty   d delimiter (cut point)   w weak delimiter (long rule, decided by what follows)
 *   s mobile/app signature   b embedded-mail marker ("On … wrote:", "-----Original Message-----")
 *   h header line of a quoted mail ("From: …", "Sent: …")   q quoted (">")   t text
 *   x confidentiality disclaimer (cuts when the author's text precedes it)
 */

// Header lines and markers are short; longer lines are text, which also bounds regex work.
const MAX_MARKER_LINE = 500;
// How many following lines a wrapped "On … wrote:" may span, as clients wrap it.
const MAX_JOINED_LINES = 4;

const QUOTE = /^[ \t]*>/;
const EMPTY = /^\s*$/;
// HTML-to-text turns the "-- " of a signature into "--" plus a non-breaking space.
const STRONG_DELIMITER = /^[ \t]*--[ \t\u00a0]*$/;
// A rule of separator characters; one character alone is a bullet, not a separator.
// A lone em or en dash is a rule too (Apple Mail, HTML <hr> converted).
const WEAK_DELIMITER = /^[ \t]*(?:[-_,=+~#*ᐧ]{2,}|[—–]+)[ \t]*$/u;
const CODE_FENCE_OPEN = /^```/;
const CODE_FENCE_CLOSE = /^ {0,3}```\s*$/;

const SIGNATURES: RegExp[] = [
  // "Sent from my iPhone", "Sent with Airmail", "(sent from a phone)"; not "Sent by courier, the …".
  /^[\s>]*[(<]*\s*sent (?:from|via|with|using) (?:my|a|an|mobile)\b/i,
  /^[\s>]*sent via the \S+(?:\s+\S+){0,10}$/i,
  /^[\s>]*[(<]*\s*[Ss]ent (?:from|via|with|using) [\p{Lu}[](?:\S+\s*){0,4}$/u,
  /^[\s>]*(?:<<|\()\s*sent (?:by|from|via|with) [^<>()]+(?:>>|\))\s*$/i,
  /^[\s>]*\p{L}+ from (?:my )?mobile\b/iu,
  /^[\s>]*from my \S+(?:\s+\S+){0,2}\s*$/i,
  /^[\s>]*(?:get|download|obtenir|télécharger|obtener|descargar|scarica|baixe|baixar) \[?outlook (?:for|pour|para|per) (?:ios|android)/i,
  /^[\s>]*\[?outlook (?:für|voor) (?:ios|android)\]? (?:herunterladen|beziehen|downloaden)/i,
  // The app's name, capitalised, and a few words: "Envoyé depuis Courrier pour Windows", "Enviado desde Outlook".
  /^[\s>]*(?:[Ee]nvoyé|[Ee]nviad[oa]|[Ii]nviato|[Vv]erzonden|[Gg]esendet|[Ss]kickat|[Ss]endt|[Ww]ysłane|[Oo]desláno) (?:depuis|à partir de|de|avec|desde|do|da|dal|von|mit|vanaf|met|från|fra|z|ze) (?:mon |ma |mi |meu |minha |mio |meinem |mijn |min )?[\p{Lu}](?:\S+\s*){0,4}$/u,
  /^[\s>]*(?:p\s+)?please consider the environment before printing/i,
  /^[\s>]*envoyé (?:depuis|de) (?:mon|ma) /i,
  /^[\s>]*von meinem .+ gesendet/i,
  /^[\s>]*gesendet (?:von|mit) (?:meinem |der )?\S/i,
  /^[\s>]*diese nachricht wurde von .+ gesendet/i,
  /^[\s>]*enviado (?:desde|do|de|com) (?:mi|meu|minha|o meu|el|la) /i,
  /^[\s>]*inviato da(?:l mio)? \S/i,
  /^[\s>]*(?:verzonden|verstuurd) (?:met|vanaf|van) \S/i,
  /^[\s>]*(?:sendt|skickat) (?:fra|från|med|via) \S/i,
  /^[\s>]*wysłane (?:z|ze) \S/i,
  /^[\s>]*отправлено (?:с|из) \S/i,
  /^[\s>]*從我的 .+傳送/u,
  /^[\s>]*发自我的/u,
  /^[\s>]*\S+から送信\s*$/u,
];

// "On <date>, <someone> wrote:" and its translations: opening word, closing verb.
const ON_DATE_WROTE: Array<[string, string]> = [
  ['On', 'wrote'],
  ['Le', 'a\\s+écrit'],
  ['El', 'escribió'],
  ['Em', 'escreveu'],
  ['Il', 'ha\\s+scritto'],
  ['Op', 'het\\s+volgende\\s+geschreven'],
  ['Dnia', 'napisał(?:\\(a\\)|a)?'],
];
// "Am <date> schrieb <someone>:" and its relatives, where the name follows the verb.
const ON_DATE_VERB_SOMEONE: Array<[string, string]> = [
  ['Am', 'schrieb'],
  ['Op', 'schreef'],
  ['Den', 'skrev'],
  ['På', 'skrev'],
  ['Il', 'ha\\s+scritto'],
];

/** A marker's regular expression, and a cheap test that must pass before it is worth running. */
interface Marker {
  pattern: RegExp;
  hint: (line: string) => boolean;
}

const contains = (needle: RegExp) => (line: string) => needle.test(line);

const ON_DATE_WROTE_MARKERS: Marker[] = ON_DATE_WROTE.map(([on, wrote]) => {
  const opener = new RegExp(`^[\\s>*-]*${on}\\s`, 'u');
  const verb = new RegExp(`\\s${wrote}\\s*(?:[:：]|-{2,})`, 'u');
  return {
    pattern: new RegExp(`^[\\s>*-]*${on}\\s(.*\\d.*)\\s${wrote}\\s*(?:[:：][\\s-]*|-{2,}\\s*)$`, 'u'),
    hint: (line) => opener.test(line) && verb.test(line),
  };
});
const ON_DATE_VERB_SOMEONE_MARKERS: Marker[] = ON_DATE_VERB_SOMEONE.map(([on, wrote]) => {
  const opener = new RegExp(`^[\\s>*-]*${on}\\s`, 'u');
  const verb = new RegExp(`\\s${wrote}\\s`, 'u');
  return {
    pattern: new RegExp(`^[\\s>*-]*${on}\\s(.*\\d.*)\\s${wrote}\\s.*[:：]\\s*$`, 'u'),
    hint: (line) => opener.test(line) && verb.test(line),
  };
});
// Localised "wrote" verbs, for the markers described by shape rather than by client.
const WROTE_VERBS = [
  'wrote', 'writes', 'a\\s+écrit', 'schrieb', 'escribió', 'escreveu', 'ha\\s+scritto', 'scrisse', 'schreef', 'skrev', 'kirjoitti',
  'napisał(?:\\(a\\)|a)?', 'napsal(?:\\(a\\)|a)?', 'napísal(?:\\(a\\)|a)?', 'написал(?:\\(а\\)|а)?', 'написав(?:\\(ла\\)|ла)?',
  '(?:şunu\\s+)?yazdı', 'a\\s+scris', 'έγραψε', '(?:ezt\\s+)?írta', 'rašė', 'rakstīja', 'kirjutas',
  // Some clients use the present tense: "Jan Kowalski pisze:", "Max schreibt:".
  'schreibt', 'pisze', 'píše', 'пишет', 'skriver', 'escribe', 'scrive',
].join('|');
// A time ("10:02", "10.02") or a numeric date ("03.06.2024", "3/6/24", "2024-06-03"): what a client's marker carries and prose rarely does.
const DATE_OR_TIME = /(?<![\d.:])\d{1,2}[:.]\d{2}(?![\d.:]?\d)|\d{1,4}[./-]\d{1,2}[./-]\d{2,4}/u;
const WROTE_VERB = new RegExp(`\\s(?:${WROTE_VERBS})(?:\\s|[:：(]|$)`, 'u');
const ENDS_WITH_COLON = /[:：]\s*$/u;
// Cheap tests first: these markers end with a colon, carry a date or time, and name a verb.
const wroteMarkerHint = (line: string) => ENDS_WITH_COLON.test(line) && DATE_OR_TIME.test(line) && WROTE_VERB.test(line);

// Two sentences run together ("… cuts. The paper wrote:") are prose, not a date line.
const SENTENCE_BREAK = /\p{Ll}{2,}[.!?]\s+\p{Lu}\p{Ll}/u;

const SOMEONE_WROTE_ON_DATE: Marker = {
  pattern: /^[\s>]*\S.*@.*\s(?:schrieb am|wrote on|a écrit le|escribió el|ha scritto il|schreef op|skrev den)\s.*\d.*[:：]\s*$/u,
  hint: (line) => line.includes('@') && /\s(?:schrieb am|wrote on|a écrit le|escribió el|ha scritto il|schreef op|skrev den)\s/u.test(line),
};
// A year, an address in angle brackets, and at most a verb after it:
// "2016-10-24 15:36 GMT+02:00 Foo <foo@bar>:", "23 mar 2017 21:25 "Neil" <n@x.org> napisał(a):".
const DATE_SOMEONE_EMAIL: Marker = {
  pattern: /^[\s>]*.*(?<!\d)(?:19|20)\d\d(?!\d).*<[^<>@]+@[^<>@]+(?:<[^<>@]+@[^<>@]+>)?>+(?:\s*[^\s<>]{1,20}){0,2}\s*[:：]?\s*$/u,
  hint: (line) => line.includes('@') && />(?:\s*[^\s<>]{1,20}){0,2}\s*[:：]?\s*$/u.test(line) && /(?<!\d)(?:19|20)\d\d(?!\d)/.test(line),
};
// "<date> <someone> wrote:", "<someone> (<address>) kirjoitti:", "… ezt írta (időpont: <date>):".
const DATE_SOMEONE_VERB: Marker = {
  pattern: new RegExp(`^[\\s>*-]*(\\S.*)\\s(?:${WROTE_VERBS})\\s*(?:\\([^()]{1,80}\\)\\s*)?[:：]\\s*$`, 'u'),
  hint: wroteMarkerHint,
};
// "<someone> wrote on <date>:", "<someone> schrieb am <date>:".
const SOMEONE_VERB_ON_DATE: Marker = {
  pattern: new RegExp(`^[\\s>*-]*(\\S.*)\\s(?:${WROTE_VERBS})\\s(?:on|am|le|el|il|op|den|em|dne)\\s.*[:：]\\s*$`, 'u'),
  hint: wroteMarkerHint,
};
// "<date> skrev <someone>:" where the name follows the verb (German, Dutch, Scandinavian, Czech, Polish).
const DATE_VERB_SOMEONE: Marker = {
  pattern: /^[\s>*-]*(\S.*)\s(?:schrieb|schreef|skrev|napsal(?:\(a\)|a)?|napisał(?:\(a\)|a)?)\s[^:：]{1,80}[:：]\s*$/u,
  hint: (line) => ENDS_WITH_COLON.test(line) && DATE_OR_TIME.test(line) && /\s(?:schrieb|schreef|skrev|napsal|napisał)/u.test(line),
};
const DATE_SOMEONE_WROTE_CJK: Marker = {
  pattern: /^[\s>]*.*\d.*(?:写道|寫道|のメール|は書きました|さんは書きました)\s*[:：]\s*$/u,
  hint: contains(/写道|寫道|のメール|は書きました/u),
};
const DATE_SOMEONE_WROTE_RU: Marker = {
  pattern: /^[\s>]*.*\d.*пользователь.+написал.*[:：]\s*$/u,
  hint: contains(/пользователь/u),
};
const ISO_DATE_SOMEONE: Marker = {
  pattern: /^[\s>]*(?:19|20)\d\d-\d\d-\d\d \d\d?:\d\d GMT[+-]\d\d:\d\d [\p{L}\p{N}_ \t]+$/u,
  hint: contains(/GMT[+-]/),
};
const SOMEONE_VIA_WROTE: Marker = { pattern: /^[\s>]*.+ via .+ (?:wrote|schrieb):?\s*$/, hint: contains(/ via /) };
const SOMEONE_EMAIL_WROTE: Marker = { pattern: /^[\s>]*.+ <[^<>]+@[^<>]+> wrote:?/, hint: contains(/> wrote/) };
const POSTED_BY: Marker = { pattern: /^[\s>]*Posted by .+ on \d{2}\/\d{2}\/\d{4}$/i, hint: contains(/Posted by/i) };
const FORWARD_MARKERS: Marker[] = [
  /^[\s>]*Begin forwarded message:/i,
  /^[\s>]*(?:Anfang der weitergeleiteten Nachricht|Début du message réexpédié|Inicio del mensaje reenviado|Início da mensagem (?:reencaminhada|encaminhada)|Inizio messaggio inoltrato|Begin doorgestuurd bericht|Vidarebefordrat (?:mejl|meddelande)|(?:Start på )?videresendt (?:besked|melding|meddelelse)|Välitetty viesti alkaa|Začátek přeposílané zprávy|Początek przekazywanej wiadomości|Начало переадресованного сообщения|転送されたメッセージ|以下为转发的邮件)\s*[:：]/iu,
  // Any dash-wrapped title naming a message: "-------- Přeposlaná zpráva --------", "---- Välitetty viesti ----".
  /^[\s>*]*-{2,}\s*(?:[\p{L}'’]+\s+){0,3}(?:message|nachricht|mensaje|mensagem|messaggio|bericht|meddelande|melding|meddelelse|besked|wiadomość|сообщение|повідомлення|zpráva|viesti|üzenet|ileti|mesaj|e-?mail|mejl|邮件|郵件|メッセージ)(?:\s+[\p{L}'’]+){0,3}\s*-{2,}\s*$/iu,
  /^[\s>*]*-*\s*Reply message\s*-*\s*$/i,
  new RegExp(
    '^[\\s>*]*-{2,}\\s*(?:' +
      [
        'Forwarded message', 'Original message', 'Message transféré', "Message d'origine", 'Message original',
        'Ursprüngliche Nachricht', 'Weitergeleitete Nachricht', 'Originalnachricht', 'Mensaje original', 'Mensaje reenviado',
        'Mensagem original', 'Mensagem encaminhada', 'Messaggio originale', 'Messaggio inoltrato', 'Oorspronkelijk bericht',
        'Doorgestuurd bericht', 'Ursprungligt meddelande', 'Vidarebefordrat meddelande', 'Opprinnelig melding',
        'Videresendt melding', 'Oprindelig meddelelse', 'Videresendt meddelelse', 'Wiadomość oryginalna',
        'Oryginalna wiadomość', 'Исходное сообщение', 'Пересылаемое сообщение', 'Переслане повідомлення',
        '原始邮件', '原始郵件', '转发邮件', '元のメッセージ', '転送されたメッセージ',
      ].join('|') +
      ')\\s*-{2,}',
    'iu',
  ),
].map((pattern) => ({ pattern, hint: () => true }));

// Header keys of a quoted mail as clients write them in their users' languages.
const HEADER_DATE_KEYS = [
  'Sent', 'Date', 'Datum', 'Dato', 'Data', 'Fecha', 'Enviado el', 'Enviado', 'Enviada em', 'Enviada', 'Gesendet am', 'Gesendet',
  'Envoyé le', 'Envoyé', "Date d'envoi", 'Verzonden op', 'Verzonden', 'Sendt', 'Skickat', 'Inviato il', 'Inviato', 'Wysłano',
  'Lähetetty', 'Päivämäärä', 'Odesláno', 'Küldve', 'Dátum', 'Gönderildi', 'Tarih', 'Отправлено', 'Дата', '送信日時', '发送时间',
  '發送時間', '日期',
];
const HEADER_FROM_KEYS = ['From', 'De', 'Von', 'Da', 'Van', 'Fra', 'Från', 'Od', 'От', 'Lähettäjä', 'Feladó', 'Kimden', '差出人', '发件人', '寄件者'];
const HEADER_OTHER_KEYS = [
  'To', 'Cc', 'CC', 'Bcc', 'Reply-To', 'Subject', 'À', 'A', 'Répondre à', 'Objet', 'An', 'Betreff', 'Para', 'Assunto', 'Asunto',
  'Risposta', 'Oggetto', 'Aan', 'Onderwerp', 'Til', 'Emne', 'Till', 'Ämne', 'Do', 'Temat', 'Komu', 'Předmět', 'Vastaanottaja',
  'Kopio', 'Aihe', 'Címzett', 'Tárgy', 'Kime', 'Konu', 'Кому', 'Тема', '宛先', '件名', '收件人', '主题', '收件者', '主旨',
];
// Outlook's header block run onto one line by an HTML conversion: "From: … Sent: … To: … Subject: …".
const ONE_LINE_HEADER_BLOCK: Marker = {
  pattern: new RegExp(
    `^[\\s>*]*(?:${HEADER_FROM_KEYS.join('|')})[\\s*]*[:：].+?\\s(?:${HEADER_DATE_KEYS.join('|')})[\\s*]*[:：].+?\\s(?:${HEADER_OTHER_KEYS.join('|')})[\\s*]*[:：]`,
    'u',
  ),
  hint: (line) => line.length < 1000,
};

// Markers a client may wrap over several lines; the others are always on one line.
const JOINABLE_MARKERS: Marker[] = [
  ...ON_DATE_WROTE_MARKERS,
  ...ON_DATE_VERB_SOMEONE_MARKERS,
  SOMEONE_WROTE_ON_DATE,
  DATE_SOMEONE_EMAIL,
  DATE_SOMEONE_WROTE_CJK,
  DATE_SOMEONE_WROTE_RU,
  DATE_SOMEONE_VERB,
  SOMEONE_VERB_ON_DATE,
  DATE_VERB_SOMEONE,
];
const ONE_LINE_MARKERS: Marker[] = [ONE_LINE_HEADER_BLOCK, ISO_DATE_SOMEONE, SOMEONE_VIA_WROTE, SOMEONE_EMAIL_WROTE, POSTED_BY, ...FORWARD_MARKERS];

const HEADER_WITH_DATE = new RegExp(
  '^[ \\t*]*(?:' +
    HEADER_DATE_KEYS.join('|') +
    ')[\\s*]*[:：].*\\d',
  'u',
);
const HEADER_WITH_TEXT = new RegExp(
  '^[ \\t*]*(?:' +
    [...HEADER_FROM_KEYS, ...HEADER_OTHER_KEYS].join('|') +
    ')[\\s*]*[:：].*[\\p{L}\\p{N}]',
  'u',
);

function isMarker(line: string, markers: Marker[]): boolean {
  if (line.length > MAX_MARKER_LINE) return false;
  for (const marker of markers) {
    if (!marker.hint(line)) continue;
    const match = marker.pattern.exec(line);
    if (!match) continue;
    // The date part of "On <date> wrote:" must not read like two sentences.
    if (match[1] !== undefined && SENTENCE_BREAK.test(match[1])) continue;
    return true;
  }
  return false;
}

function isEmbeddedMarker(line: string): boolean {
  return isMarker(line, JOINABLE_MARKERS) || isMarker(line, ONE_LINE_MARKERS);
}

function isHeader(line: string): boolean {
  return line.length <= MAX_MARKER_LINE && (HEADER_WITH_DATE.test(line) || HEADER_WITH_TEXT.test(line));
}

// A disclaimer opens with its heading, or with "this message …" and says who it is meant for.
const DISCLAIMER_HEADING = /^[\s>*]*(?:confidentiality (?:notice|note|statement)|(?:legal )?disclaimer|privileged (?:and|&) confidential|avis de confidentialit[ée]|avertissement|vertraulichkeitshinweis|haftungsausschluss|aviso legal|aviso de confidencialidad|avviso di riservatezza|disclaimer)\b[\s*]*[:：.-]/iu;
const DISCLAIMER_OPENER = /^[\s>*]*(?:\p{Lu}[\p{Lu} ]{2,30}[:：]\s*)?(?:this|the information (?:contained |included )?in this|ce|cet|le présent|les informations contenues dans ce|diese|dieses|die in dieser|este|esta|la información contenida en este|questo|il presente|le informazioni contenute in questo|dit|deze|if you are not the intended recipient|si vous n'êtes pas le destinataire|falls sie nicht der|wenn sie nicht der)\b/iu;
const DISCLAIMER_SUBJECT = /\b(?:e-?mail|message|courriel|nachricht|mensaje|correo|mensagem|messaggio|bericht|communication|transmission|intended recipient|destinataire|adressat)/iu;
const DISCLAIMER_PHRASE = /intended (?:solely |only |exclusively )?(?:for|recipient)|addressee|privileged|unauthori[sz]ed|prohibited|notify the sender|destinataire|adressat|destinatario|destinatário|destinatari|geadresseerde|vertraulich|vertrouwelijk|riservat|confidencial/iu;

function isDisclaimer(line: string): boolean {
  if (DISCLAIMER_HEADING.test(line)) return true;
  const head = line.slice(0, 300);
  return DISCLAIMER_OPENER.test(head) && DISCLAIMER_SUBJECT.test(head) && DISCLAIMER_PHRASE.test(head);
}

function isSignature(line: string): boolean {
  return line.length <= 100 && SIGNATURES.some((r) => r.test(line));
}

function classify(line: string, isMarkerLine: (line: string) => boolean): string {
  if (EMPTY.test(line)) return 'e';
  if (STRONG_DELIMITER.test(line)) return 'd';
  if (WEAK_DELIMITER.test(line)) return 'w';
  if (isSignature(line)) return 's';
  if (isDisclaimer(line)) return 'x';
  if (isMarkerLine(line)) return 'b';
  if (isHeader(line)) return 'h';
  if (QUOTE.test(line)) return 'q';
  return 't';
}

function preprocess(text: string, isMarkerLine: (line: string) => boolean): string[] {
  let normalised = text.replace(/\r\n?/g, '\n');
  normalised = normalised.replace(/^-----BEGIN PGP SIGNED MESSAGE-----\n(?:Hash: [\w-]+\n)?\s*/, '');
  normalised = normalised.replace(/^-----BEGIN PGP SIGNATURE-----$[\s\S]*?^-----END PGP SIGNATURE-----$/m, '');
  // Some clients quote with "|" instead of ">".
  normalised = normalised.replace(/^((?:[ \t]*\|)+)/gm, (prefix) => prefix.replace(/\|/g, '>'));
  return joinWrappedMarkers(normalised.trim().split('\n'), isMarkerLine);
}

/** Clients wrap long "On … wrote:" lines; put each back on one line so it classifies as a marker. */
function joinWrappedMarkers(lines: string[], isMarkerLine: (line: string) => boolean): string[] {
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const end = wrappedMarkerEnd(lines, i, isMarkerLine);
    if (end === null) {
      out.push(lines[i]);
      continue;
    }
    out.push(joinLines(lines, i, end));
    i = end;
  }
  return out;
}

/**
 * Index of the last line of the longest marker that starts at `start` and wraps onto later lines,
 * or null. Longest, because "On <date>, Jane <jane@example.org>" is already a marker on its own
 * while its "wrote:" sits on the next line.
 */
function wrappedMarkerEnd(lines: string[], start: number, isMarkerLine: (line: string) => boolean): number | null {
  const first = lines[start];
  if (EMPTY.test(first) || first.length > MAX_MARKER_LINE || isHeader(first)) return null;
  let longest: number | null = null;
  for (let end = start + 1; end <= start + MAX_JOINED_LINES && end < lines.length; end++) {
    if (EMPTY.test(lines[end])) continue;
    if (isMarkerLine(lines[end]) || isHeader(lines[end])) break;
    const candidate = joinLines(lines, start, end);
    if (candidate.length > MAX_MARKER_LINE) break;
    if (!isMarker(candidate, JOINABLE_MARKERS)) continue;
    // The marker must begin on this line, not on a later one that this text merely precedes.
    let beginsLater = false;
    for (let later = start + 1; later < end && !beginsLater; later++) {
      beginsLater = !EMPTY.test(lines[later]) && isMarker(joinLines(lines, later, end), JOINABLE_MARKERS);
    }
    if (!beginsLater) longest = end;
  }
  return longest;
}

function joinLines(lines: string[], start: number, end: number): string {
  const parts = [lines[start].trimEnd()];
  for (let i = start + 1; i <= end; i++) if (!EMPTY.test(lines[i])) parts.push(lines[i].trim());
  return parts.join(' ');
}

/** Lines inside ``` fences are content, whatever they look like. */
function markCodeBlocks(lines: string[], kinds: string[]): void {
  for (let i = 0; i < lines.length; i++) {
    if (!CODE_FENCE_OPEN.test(lines[i])) continue;
    const close = lines.findIndex((l, j) => j > i && CODE_FENCE_CLOSE.test(l));
    if (close < 0) return;
    for (let j = i; j <= close; j++) if (kinds[j] !== 'e') kinds[j] = 't';
    i = close;
  }
}

// "Quoting Jane <jane@…>:", "Zitat von …:", "Jane <jane@…> a écrit :": an address, a closing colon, and a quote below.
const ADDRESS_INTRO = /\S@[\p{L}\p{N}-]+\.[^\s]*.*[:：]\s*$/u;

/** A line naming an address and ending with a colon introduces the quote right under it. */
function resolveQuoteIntroductions(lines: string[], kinds: string[]): void {
  for (let i = 0; i < kinds.length; i++) {
    if (kinds[i] !== 't' || lines[i].length > 200 || !ADDRESS_INTRO.test(lines[i])) continue;
    let j = i + 1;
    while (j < kinds.length && kinds[j] === 'e') j++;
    if (j < kinds.length && kinds[j] === 'q') kinds[i] = 'b';
  }
}

/** A rule cuts only when quoted history, headers or a signature follow it; otherwise it is part of the reply. */
function resolveWeakDelimiters(kinds: string[]): void {
  for (let i = 0; i < kinds.length; i++) {
    if (kinds[i] !== 'w') continue;
    let j = i + 1;
    while (j < kinds.length && kinds[j] === 'e') j++;
    kinds[i] = j >= kinds.length || 'hbqdws'.includes(kinds[j]) ? 'd' : 't';
  }
}

/** App signatures ("Sent from my iPhone") only count as such when no text line follows them directly. */
function resolveSignatures(kinds: string[]): void {
  for (let end = kinds.length - 1; end >= 0; end--) {
    if (kinds[end] !== 's') continue;
    let start = end;
    while (start > 0 && kinds[start - 1] === 's') start--;
    if (end + 1 < kinds.length && kinds[end + 1] === 't') {
      for (let j = start; j <= end; j++) kinds[j] = 't';
    }
    end = start;
  }
}

/** A disclaimer is junk after the author's text; as the first thing in a mail it is the author's text. */
function resolveDisclaimers(kinds: string[]): void {
  const firstText = kinds.indexOf('t');
  for (let i = 0; i < kinds.length; i++) if (kinds[i] === 'x' && (firstText < 0 || firstText > i)) kinds[i] = 't';
}

/** Runs of header lines, allowing wrapped values and blank lines between them, as blocks of 'h'. */
function mergeHeaderBlocks(pattern: string): string {
  return pattern.replace(/h(?:[et]{0,2}h)+/g, (run) => {
    const headers = [...run].filter((k) => k === 'h').length;
    // Two headers with a blank line between them may be the author's own list ("Date: Friday", "To: the town hall").
    return headers >= 3 || !run.includes('e') ? 'h'.repeat(run.length) : run;
  });
}

class Trim {
  constructor(
    public lines: string[],
    public pattern: string,
  ) {}

  keepBefore(index: number): void {
    this.lines = this.lines.slice(0, index);
    this.pattern = this.pattern.slice(0, index);
  }

  keepFrom(index: number): void {
    this.lines = this.lines.slice(index);
    this.pattern = this.pattern.slice(index);
  }

  removeAll(kind: string): void {
    const keep = [...this.pattern].map((k) => k !== kind);
    this.lines = this.lines.filter((_, i) => keep[i]);
    this.pattern = [...this.pattern].filter((_, i) => keep[i]).join('');
  }
}

/** Returns only the text the sender wrote: no quoted history, forwarded mail, or signature. */
export function trimReply(text: string): string {
  if (!text || EMPTY.test(text)) return '';
  // Each line is tested as a marker several times (alone, and as the end of a wrapped one).
  const markerMemo = new Map<string, boolean>();
  const isMarkerLine = (line: string): boolean => {
    let known = markerMemo.get(line);
    if (known === undefined) markerMemo.set(line, (known = isEmbeddedMarker(line)));
    return known;
  };
  const lines = preprocess(text, isMarkerLine);
  const kinds = lines.map((line) => classify(line, isMarkerLine));
  markCodeBlocks(lines, kinds);
  resolveQuoteIntroductions(lines, kinds);
  resolveWeakDelimiters(kinds);
  resolveSignatures(kinds);
  resolveDisclaimers(kinds);
  const trim = new Trim(lines, kinds.join(''));

  // Everything after the first delimiter is a signature or history.
  const delimiter = trim.pattern.search(/[dx]/);
  if (delimiter >= 0) trim.keepBefore(delimiter);

  trim.removeAll('s');

  // Reply written below the quoted mail: keep the text at the end.
  if (/^e*b[^t]+t[et]*$/.test(trim.pattern)) {
    trim.keepFrom(trim.pattern.search(/t[et]*$/));
  }

  // A marker not followed by a quote: the rest is the embedded mail.
  let m = /te*b[^q]*$/.exec(trim.pattern);
  if (m) trim.keepBefore(m.index + 1);

  // A marker followed by quoted history and at most a short tail (a footer).
  m = /te*b[eqbh]*([te]*)$/.exec(trim.pattern);
  if (m && [...m[1]].filter((k) => k === 't').length < 7) trim.keepBefore(m.index + 1);

  trim.removeAll('b');

  // Header blocks wrap long To:/Subject: lines onto a line or two that look like text.
  trim.pattern = mergeHeaderBlocks(trim.pattern);

  // A block of at least three headers after some text starts the quoted mail.
  m = /t[eq]*h{3,}/.exec(trim.pattern);
  if (m) trim.keepBefore(m.index + 1);

  // Leftover header runs go; a lone "Date: Friday" line is the author's text.
  const runs = [...trim.pattern.matchAll(/h{2,}/g)];
  if (runs.length > 0) {
    const drop = new Set(runs.flatMap((r) => Array.from({ length: r[0].length }, (_, k) => r.index + k)));
    trim.lines = trim.lines.filter((_, i) => !drop.has(i));
    trim.pattern = [...trim.pattern].filter((_, i) => !drop.has(i)).join('');
  }

  // Trailing quotes go once there is text of the author's own.
  if (/[th]/.test(trim.pattern)) {
    m = /[eq]+$/.exec(trim.pattern);
    if (m) trim.keepBefore(m.index);
  }

  return trim.lines.join('\n').trim();
}
