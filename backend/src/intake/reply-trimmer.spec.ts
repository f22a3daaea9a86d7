import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { trimReply } from './reply-trimmer.js';

/** Characters `run` hands to regular expressions (every match, test, replace and split goes through exec). */
function charactersScanned(run: () => void): number {
  const exec = RegExp.prototype.exec;
  let scanned = 0;
  RegExp.prototype.exec = function countingExec(this: RegExp, input: string) {
    scanned += input.length;
    return exec.call(this, input);
  };
  try {
    run();
  } finally {
    RegExp.prototype.exec = exec;
  }
  return scanned;
}

const QUOTED = '\n> Dear Ms Doe,\n> Thank you for your inquiry.\n> Press Office\n';

describe('trimReply', () => {
  it('returns plain text unchanged, trimmed', () => {
    expect(trimReply('\n\n  Could you confirm the figures?\n\nThanks\n\n')).toBe('Could you confirm the figures?\n\nThanks');
  });

  it('returns an empty string for blank input', () => {
    expect(trimReply('')).toBe('');
    expect(trimReply(' \n\t\n')).toBe('');
  });

  it('normalises Windows and old Mac line endings', () => {
    expect(trimReply('One\r\nTwo\rThree\r\n')).toBe('One\nTwo\nThree');
  });

  it('removes quoted lines after the reply', () => {
    expect(trimReply(`Thanks, that helps.\n${QUOTED}`)).toBe('Thanks, that helps.');
  });

  describe('quote headers', () => {
    const headers: Record<string, string> = {
      'Gmail (English)': 'On Mon, 3 Mar 2025 at 10:00, Press Office <news@example.org> wrote:',
      'Gmail, wrapped': 'On Mon, 3 Mar 2025 at 10:00, Press Office <\nnews@example.org> wrote:',
      'Gmail, wrapped before "wrote"': 'On Mon, Mar 3, 2025 at 10:00 AM Press Office <news@example.org>\nwrote:',
      'Apple Mail': 'On 3 Mar 2025, at 10:00, Press Office <news@example.org> wrote:',
      Thunderbird: 'On 03/03/2025 10:00, Press Office wrote:',
      'French Gmail': 'Le lun. 3 mars 2025 à 10:00, Service de presse <news@example.org> a écrit :',
      'German Gmail': 'Am Mo., 3. März 2025 um 10:00 Uhr schrieb Pressestelle <news@example.org>:',
      'German, name first': 'Pressestelle <news@example.org> schrieb am Mo., 3. März 2025 um\n10:00 Uhr:',
      'Spanish Gmail': 'El lun, 3 mar 2025 a las 10:00, Prensa (<news@example.org>) escribió:',
      'Dutch Gmail': 'Op ma 3 mrt 2025 om 10:00 schreef Persdienst <news@example.org>:',
      'Dutch, long form': 'Op 3 mrt. 2025 om 10:00 heeft Persdienst <news@example.org> het volgende\ngeschreven:',
      'Swedish Gmail': 'Den mån 3 mars 2025 kl 10:00 skrev Presstjänst <news@example.org>:',
      'Italian Gmail': 'Il giorno lun 3 mar 2025 alle ore 10:00 Ufficio stampa <news@example.org> ha scritto:',
      'Portuguese Gmail': 'Em seg., 3 de mar. de 2025 às 10:00, Assessoria <news@example.org> escreveu:',
      'Polish Gmail': 'pon., 3 mar 2025 o 10:00 Biuro prasowe <news@example.org> napisał(a):',
      'Japanese Gmail': '2025年3月3日(月) 10:00 広報室 <news@example.org>:',
      'Chinese Apple Mail': '在 2025年3月3日，上午10:00，新闻办公室 <news@example.org> 写道：',
      'Chinese Gmail': '新闻办公室 <news@example.org> 于2025年3月3日周一 上午10:00写道：',
      'Russian Gmail': 'пн, 3 мар. 2025 г. в 10:00, Пресс-служба <news@example.org>:',
    };

    it.each(Object.entries(headers))('cuts history under a %s header', (_client, header) => {
      expect(trimReply(`Here is my answer.\n\n${header}\n${QUOTED}`)).toBe('Here is my answer.');
    });
  });

  it('cuts an Outlook header block after a rule', () => {
    const mail =
      'Yes, 4pm works.\n\n________________________________\nFrom: Press Office <news@example.org>\nSent: Monday, March 3, 2025 10:00 AM\nTo: Jane Doe <jane@paper.example>\nSubject: RE: Inquiry\n\nDear Jane,\nOld text.';
    expect(trimReply(mail)).toBe('Yes, 4pm works.');
  });

  it('cuts an Outlook "-----Original Message-----" block', () => {
    const mail = 'Noted.\n\n-----Original Message-----\nFrom: Press Office\nSent: 03 March 2025 10:00\nTo: Jane\nSubject: RE: x\n\nOld text.';
    expect(trimReply(mail)).toBe('Noted.');
  });

  it('cuts a header block without a rule, even when the To: line wraps', () => {
    const mail =
      'Text here\n\nFrom: Press Office <news@example.org>\nSent: Monday, 3 March 2025 10:00\nTo: Jane Doe <jane@paper.example>; Bob <bob@paper.example>;\n Carol <carol@paper.example>\nSubject: RE: x\n\nold body';
    expect(trimReply(mail)).toBe('Text here');
  });

  it('cuts a German Outlook header block', () => {
    const mail = 'Danke!\n\nVon: Pressestelle <news@example.org>\nGesendet: Montag, 3. März 2025 10:00\nAn: Jane Doe\nBetreff: AW: Anfrage\n\nalt';
    expect(trimReply(mail)).toBe('Danke!');
  });

  it('keeps only the note of a forwarded message', () => {
    const mail =
      'FYI, see below.\n\n---------- Forwarded message ---------\nFrom: Someone <someone@example.net>\nDate: Mon, 3 Mar 2025 at 10:00\nSubject: Leak\nTo: <jane@paper.example>\n\nForwarded body\nmore of it';
    expect(trimReply(mail)).toBe('FYI, see below.');
  });

  it('keeps the text of a reply written below the quote', () => {
    expect(trimReply(`On Mon, 3 Mar 2025 at 10:00, Press Office <news@example.org> wrote:\n${QUOTED}\nMy answer is below the quote.`)).toBe(
      'My answer is below the quote.',
    );
  });

  it('keeps inline answers between quotes', () => {
    const mail = '> Can you confirm the date?\n\nYes, 5 May.\n\n> And the venue?\n\nThe town hall.';
    expect(trimReply(mail)).toBe(mail);
  });

  it('keeps a mail that is only a quote', () => {
    expect(trimReply('> only a quote')).toBe('> only a quote');
  });

  it('removes a signature after the "-- " delimiter', () => {
    expect(trimReply('Reply text\n\n-- \nJane Doe\nReporter, The Paper\n+44 20 7946 0000')).toBe('Reply text');
  });

  it('removes mobile and app signatures in several languages', () => {
    const signatures = [
      'Sent from my iPhone',
      'Sent from my Galaxy',
      'Sent from Outlook for Android',
      'Get Outlook for iOS',
      'Envoyé de mon iPhone',
      'Von meinem iPhone gesendet',
      'Enviado desde mi iPhone',
      'Verzonden vanaf mijn iPad',
      'Skickat från min iPhone',
      'Inviato da iPhone',
      'Sendt fra min iPad',
      '(sent from a phone)',
    ];
    for (const signature of signatures) expect(trimReply(`Will do.\n\n${signature}`)).toBe('Will do.');
  });

  it('removes a mobile signature that directly follows the text', () => {
    expect(trimReply(`Sure, call me.\nSent from my iPhone\n\nOn Mon, 3 Mar 2025 at 10:00, X <x@paper.example> wrote:${QUOTED}`)).toBe('Sure, call me.');
  });

  it('keeps sentences that merely look like signatures or headers', () => {
    const mail = 'From my perspective, the figures are wrong.\nSent by courier, the documents arrived late.\n\nDate: Friday at noon suits me.';
    expect(trimReply(mail)).toBe(mail);
  });

  it('keeps prose that starts like a quote header', () => {
    const mail = 'On Monday I wrote to the minister.\nShe has not answered.';
    expect(trimReply(mail)).toBe(mail);
    const quoted = 'On 5 May 2016 the ministry announced cuts.\nThe Guardian wrote:\n\n"Cuts are coming."\n\nDo you confirm?';
    expect(trimReply(quoted)).toBe(quoted);
  });

  it('keeps a horizontal rule inside the reply when the reply goes on after it', () => {
    const mail = 'Part one\n\n-----\n\nPart two\n\nBest,\nJane';
    expect(trimReply(mail)).toBe(mail);
  });

  it('keeps a one-character bullet that looks like a delimiter', () => {
    const mail = 'Two points:\n-\nFirst.\n*\nSecond.';
    expect(trimReply(mail)).toBe(mail);
  });

  it('keeps delimiter-looking lines inside code blocks', () => {
    const mail = 'Log:\n\n```\n--\n# step\n-----\n```\n\nEnd.';
    expect(trimReply(mail)).toBe(mail);
  });

  it('converts "|" quoting and removes it', () => {
    expect(trimReply('Agreed.\n\n| old line\n| another old line')).toBe('Agreed.');
  });

  it('removes PGP armour around the reply', () => {
    const mail = '-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA256\n\nSigned reply.\n-----BEGIN PGP SIGNATURE-----\n\niQEzBAEBCAAdFiEE\n-----END PGP SIGNATURE-----\n';
    expect(trimReply(mail)).toBe('Signed reply.');
  });

  // Work counted without a clock: the characters handed to regular expressions grow with the input, not faster.
  it('does work in proportion to a huge single line', () => {
    const mail = (repeats: number) => `On 1 Jan 2025 ${'x <a@b.c> '.repeat(repeats)}\nreply`;
    expect(trimReply(mail(20_000))).toContain('reply');
    const single = charactersScanned(() => trimReply(mail(10_000)));
    const double = charactersScanned(() => trimReply(mail(20_000)));
    expect(double).toBeLessThanOrEqual(2.2 * single);
    expect(double).toBeLessThanOrEqual(50 * mail(20_000).length);
  });

  // Shapes the trimmer had not seen: each case is written here, not taken from the corpus.
  describe('quote headers in other shapes and languages', () => {
    const headers: Record<string, string> = {
      'French, no address': 'Le lun. 3 juin 2024 à 10:02, Jeanne Dupont a écrit :',
      'French Thunderbird': 'Le 03/06/2024 à 10:02, Jeanne Dupont a écrit :',
      'German, dotted date': 'Am 03.06.2024 um 10:02 schrieb Max Muster:',
      'German, name first, no address': 'Max Muster schrieb am 03.06.2024 um 10:02:',
      'Spanish Thunderbird': 'El 3/6/24 a las 10:02, Juan Pérez escribió:',
      'Spanish, weekday': 'El lun, 3 jun 2024 a las 10:02, Juan Pérez (<juan@example.es>) escribió:',
      'Dutch Thunderbird': 'Op 03-06-2024 om 10:02 schreef Jan Jansen:',
      'Italian Thunderbird': 'Il 03/06/2024 10:02, Mario Rossi ha scritto:',
      'Italian Gmail, no address': 'Il giorno lun 3 giu 2024 alle ore 10:02 Mario Rossi ha scritto:',
      'Norwegian, no address': 'man. 3. jun. 2024 kl. 10:02 skrev Kari Nordmann:',
      'Finnish Gmail': 'ma 3.6.2024 klo 10.02 Matti Meikäläinen (matti@example.fi) kirjoitti:',
      'Turkish Gmail': 'Ayşe Yılmaz <ayse@example.com.tr>, 3 Haz 2024 Pzt, 10:02 tarihinde şunu yazdı:',
      'Czech Gmail, no address': 'po 3. 6. 2024 v 10:02 odesílatel Jan Novák napsal:',
      'Hungarian Gmail': 'Kovács János <janos@example.hu> ezt írta (időpont: 2024. jún. 3., H, 10:02):',
      'English, split after the date': 'On Mon, 3 Jun 2024 at 10:02,\nJane Doe wrote:',
      'English, split before "wrote"': 'On Monday, June 3, 2024 10:02 AM, Jane Doe\nwrote:',
      'English, name first': 'Jane Doe wrote on 03/06/2024 10:02:',
      'English, "writes"': 'On 2024-06-03 10:02, Jane Doe writes:',
      'quoted marker': '> On Mon, 3 Jun 2024 at 10:02, Jane Doe <jane@example.com> wrote:',
      'Polish, present tense': 'W dniu 3.06.2024 o 10:02, Jan Kowalski pisze:',
      'Czech, name after the verb': 'Dne 3. 6. 2024 10:02 napsal(a) Jan Novák:',
      'Horde "Quoting"': 'Quoting Jane Doe <jane@example.com>:',
      'German Horde': 'Zitat von Jane Doe <jane@example.com>:',
      'French, no date': 'Jeanne Dupont <jeanne@example.fr> a écrit :',
      'Yahoo, seconds and zone': 'On Monday, June 3, 2024, 10:02:15 AM GMT+2, Jane Doe <jane@example.com> wrote:',
    };

    it.each(Object.entries(headers))('cuts history under a %s header', (_client, header) => {
      expect(trimReply(`Here is my answer.\n\n${header}\n${QUOTED}`)).toBe('Here is my answer.');
    });

    it('cuts a marker whose history is not quoted', () => {
      expect(trimReply('Ja, gerne.\n\nAm 03.06.2024 um 10:02 schrieb Max Muster:\nSehr geehrte Damen und Herren,\nalter Text.')).toBe('Ja, gerne.');
    });

    it('keeps a line that names an address and a colon when no quote follows', () => {
      const mail = 'Please write to the editor <editor@paper.example>:\nshe decides on corrections.';
      expect(trimReply(mail)).toBe(mail);
    });

    it('keeps prose that names a date and a writer but is no marker', () => {
      const mail = 'In his article of 3 June 2024 the minister wrote:\n\n> Cuts are coming.\n\nCan you confirm?';
      expect(trimReply(mail)).toBe(mail);
    });
  });

  describe('Outlook header blocks in other languages and shapes', () => {
    const blocks: Record<string, string> = {
      'French, non-breaking spaces': 'De\u00a0: Service de presse <news@example.org>\nEnvoyé\u00a0: lundi 3 juin 2024 10:02\nÀ\u00a0: Jeanne <j@paper.example>\nObjet\u00a0: RE: Demande',
      'Spanish, "Enviado el"': 'De: Prensa <news@example.org>\nEnviado el: lunes, 3 de junio de 2024 10:02\nPara: Juan <j@paper.example>\nAsunto: RE: Consulta',
      'Portuguese, "Enviada"': 'De: Assessoria <news@example.org>\nEnviada: segunda-feira, 3 de junho de 2024 10:02\nPara: Ana\nAssunto: RE: Pedido',
      'Italian': 'Da: Ufficio stampa <news@example.org>\nInviato: lunedì 3 giugno 2024 10:02\nA: Mario\nOggetto: R: Richiesta',
      'Dutch': 'Van: Persdienst <news@example.org>\nVerzonden: maandag 3 juni 2024 10:02\nAan: Jan\nOnderwerp: RE: Vraag',
      'Finnish': 'Lähettäjä: Tiedotus <news@example.org>\nLähetetty: maanantai 3. kesäkuuta 2024 10.02\nVastaanottaja: Matti\nAihe: VS: Kysymys',
      'English, blank lines between headers': 'From: Press Office <news@example.org>\n\nSent: Monday, June 3, 2024 10:02 AM\n\nTo: Jane Doe <jane@paper.example>\n\nSubject: RE: Inquiry',
      'English, bold keys from HTML': '**From:** Press Office <news@example.org>\n**Sent:** Monday, June 3, 2024 10:02 AM\n**To:** Jane Doe\n**Subject:** RE: Inquiry',
      'English, on one line': 'From: Press Office [mailto:news@example.org] Sent: Monday, June 3, 2024 10:02 AM To: Jane Doe Subject: RE: Inquiry',
      'German, after underscores': '________________________________\nVon: Pressestelle <news@example.org>\nGesendet: Montag, 3. Juni 2024 10:02\nAn: Max\nBetreff: AW: Anfrage',
      'French "Message d\'origine"': "-----Message d'origine-----\nDe : Service de presse\nEnvoyé : lundi 3 juin 2024 10:02\nÀ : Jeanne\nObjet : RE: Demande",
      'Spanish "Mensaje original"': '----- Mensaje original -----\nDe: Prensa\nEnviado el: lunes, 3 de junio de 2024 10:02\nPara: Juan\nAsunto: RE: Consulta',
    };

    it.each(Object.entries(blocks))('cuts a %s header block', (_shape, block) => {
      expect(trimReply(`Thank you, that answers it.\n\n${block}\n\nDear colleague,\nthe old text.\nRegards`)).toBe('Thank you, that answers it.');
    });

    it('keeps two header-like lines of the author\'s own that are no block', () => {
      const mail = 'Our plan:\n\nDate: Friday at noon\n\nTo: the town hall, then the minister.';
      expect(trimReply(mail)).toBe(mail);
    });
  });

  describe('forwarded and embedded messages inside a reply', () => {
    const markers: Record<string, string> = {
      'Gmail forward': '---------- Forwarded message ---------',
      'Apple Mail forward': 'Begin forwarded message:',
      'French Apple Mail forward': 'Début du message réexpédié :',
      'Italian Apple Mail forward': 'Inizio messaggio inoltrato:',
      'Dutch Apple Mail forward': 'Begin doorgestuurd bericht:',
      'Swedish Apple Mail forward': 'Vidarebefordrat mejl:',
      'Thunderbird forward': '-------- Forwarded Message --------',
      'Czech Thunderbird forward': '-------- Přeposlaná zpráva --------',
      'Finnish forward': '---------- Välitetty viesti ----------',
    };

    it.each(Object.entries(markers))('keeps only the note above a %s', (_client, marker) => {
      const mail = `FYI, see below.\n\n${marker}\n\nFrom: Someone <someone@example.net>\nDate: Mon, 3 Jun 2024 at 10:02\nSubject: Leak\nTo: <jane@paper.example>\n\nForwarded body\nmore of it`;
      expect(trimReply(mail)).toBe('FYI, see below.');
    });

    it('keeps the forwarded text when there is no note, so the new text is never empty', () => {
      const mail = '---------- Forwarded message ---------\nFrom: Someone <someone@example.net>\nDate: Mon, 3 Jun 2024 at 10:02\nSubject: Leak\nTo: <jane@paper.example>\n\nForwarded body';
      expect(trimReply(mail)).not.toBe('');
    });
  });

  describe('trailing junk after the signature', () => {
    const junk: Record<string, string> = {
      'French Outlook mobile': 'Envoyé à partir de Outlook pour Android',
      'French Outlook link': 'Obtenir Outlook pour iOS<https://aka.ms/o0ukef>',
      'German Outlook link': 'Outlook für iOS herunterladen<https://aka.ms/o0ukef>',
      'Spanish Outlook link': 'Obtener Outlook para Android<https://aka.ms/ghei36>',
      'Spanish Outlook': 'Enviado desde Outlook',
      'Windows Mail in French': 'Envoyé depuis Courrier pour Windows',
      'carrier signature': 'Sent via the Samsung Galaxy S23, an AT&T 5G smartphone',
      'environment line': 'Please consider the environment before printing this email.',
      'signature separator with a non-breaking space': '--\u00a0\nJane Doe\nReporter',
      'English disclaimer':
        'CONFIDENTIALITY NOTICE: This e-mail and any attachments are confidential and intended solely for the addressee. If you are not the intended recipient, please delete it.',
      'English disclaimer without a heading':
        'This email and any files transmitted with it are confidential and intended solely for the use of the individual to whom they are addressed.\nIf you have received this email in error please notify the sender.',
      'French disclaimer': 'Ce message et toutes les pièces jointes sont confidentiels et établis à l\'intention exclusive de ses destinataires.',
      'German disclaimer': 'Diese E-Mail enthält vertrauliche Informationen. Wenn Sie nicht der richtige Adressat sind, informieren Sie bitte sofort den Absender.',
      'Dutch mobile signature': 'Verstuurd vanaf mijn iPhone',
      'disclaimer under a generic heading': 'IMPORTANT: This message is intended only for the addressee.',
      'mobile signature under an em dash': '\u2014\nSent from my iPhone',
      'Spanish disclaimer': 'AVISO LEGAL: Este mensaje y sus archivos adjuntos son confidenciales y están dirigidos exclusivamente a su destinatario.',
    };

    it.each(Object.entries(junk))('removes a %s', (_shape, tail) => {
      expect(trimReply(`Yes, we will publish on Friday.\n\nJane Doe\nThe Paper\n\n${tail}`)).toBe('Yes, we will publish on Friday.\n\nJane Doe\nThe Paper');
    });

    it('removes junk and the quoted history after it', () => {
      const mail = `Confirmed.\n\nEnvoyé de mon iPhone\n\nLe 3 juin 2024 à 10:02, Service de presse <news@example.org> a écrit :\n${QUOTED}`;
      expect(trimReply(mail)).toBe('Confirmed.');
    });

    it('keeps a sentence about confidentiality written by the author', () => {
      const mail = 'Please treat this as confidential until Monday.\nThis email is not for publication.';
      expect(trimReply(mail)).toBe(mail);
    });

    it('keeps an "IMPORTANT:" line of the author\'s own', () => {
      const mail = 'We can talk on Friday.\n\nIMPORTANT: the embargo ends at 10:00.';
      expect(trimReply(mail)).toBe(mail);
    });

    it('keeps a reply that opens with a disclaimer-like line', () => {
      const mail = 'This message is confidential: the minister resigns tomorrow.\nCan you comment?';
      expect(trimReply(mail)).toBe(mail);
    });
  });
});

// The external corpus (Discourse's email_reply_trimmer fixtures) is read in place, never copied here.
const CORPUS = resolve(process.env.NEWSDESK_CORPUS ?? join(process.cwd(), '..', '..', 'shared', 'corpus'), 'replies');
const corpusCases = existsSync(join(CORPUS, 'emails')) ? readdirSync(join(CORPUS, 'emails')).filter((name) => name.endsWith('.txt')) : [];

if (corpusCases.length > 0) {
  describe('trimReply on the external reply corpus', () => {
    it.each(corpusCases)('trims %s as its author wrote it', (name) => {
      const email = readFileSync(join(CORPUS, 'emails', name), 'utf8');
      const trimmed = readFileSync(join(CORPUS, 'trimmed', name), 'utf8');
      expect(trimReply(email).replace(/\s+/g, ' ').trim()).toBe(trimmed.replace(/\s+/g, ' ').trim());
    });
  });
}
