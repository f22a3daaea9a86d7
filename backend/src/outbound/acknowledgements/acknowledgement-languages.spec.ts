import { detectLanguage, firstName, languageByCode } from './acknowledgement-languages.js';

describe('acknowledgement languages', () => {
  it.each([
    ['Hello, can you tell me when the bridge will reopen? Thanks.', 'en'],
    ['Bonjour, pourriez-vous me dire quand le pont sera rouvert ? Merci.', 'fr'],
    ['Fermeture du pont\nJ’ai besoin de votre réponse avant 16h demain.', 'fr'],
    ['ND-1004', 'en'],
    ['', 'en'],
  ])('reads the language of %j', (text, code) => {
    expect(detectLanguage(text).code).toBe(code);
  });

  it('falls back to English for a language it does not know', () => {
    expect(languageByCode('de').code).toBe('en');
  });

  it.each([
    ['Élodie Martin', 'Élodie'],
    ['Martin, Élodie', 'Élodie'],
    ['"Jo" Reporter', 'Jo'],
    ['jo@daily.example', null],
    ['*Claim* your prize', null],
    [null, null],
  ])('takes the first name of %j', (name, first) => {
    expect(firstName(name)).toBe(first);
  });

  it('asks for a deadline only when none was given, in each language', () => {
    for (const code of ['en', 'fr']) {
      const language = languageByCode(code);
      const asking = language.acknowledgement({ reference: '[ND-1009]', deadlineGiven: false }).join('\n');
      const noted = language.acknowledgement({ reference: '[ND-1009]', deadlineGiven: true }).join('\n');
      expect(asking).toContain('[ND-1009]');
      expect(noted).toContain('[ND-1009]');
      expect(asking).not.toBe(noted);
    }
  });
});
