import { trimReply } from './reply-trimmer.js';

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

  it('stays fast on a huge single line', () => {
    const started = Date.now();
    const line = `On 1 Jan 2025 ${'x <a@b.c> '.repeat(20_000)}`;
    expect(trimReply(`${line}\nreply`)).toContain('reply');
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});
