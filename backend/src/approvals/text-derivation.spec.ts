import { comparableWords, derivation, derivedFrom } from './text-derivation.js';

const STATEMENT = 'The council will not close the Riverside library this year. Opening hours stay as they are until the budget review in March.';

describe('text derivation', () => {
  it('reads words across scripts, without invisible characters, compatibility forms or case', () => {
    expect(comparableWords('Die Bücherei\u00ad bleibt ge\u200böffnet — ＡＢＣ')).toEqual(['die', 'bücherei', 'bleibt', 'geöffnet', 'abc']);
    expect(comparableWords('Библиотека не закроется.')).toEqual(['библиотека', 'не', 'закроется']);
  });

  it('scores a copied then lightly edited statement high, and an unrelated reply low', () => {
    const edited = 'Thanks for asking. The council will not close the Riverside library this year; opening hours stay as they are until the March budget review.';
    expect(derivation(comparableWords(STATEMENT), comparableWords(edited))).toBeGreaterThan(0.8);
    const unrelated = 'Our press office opens at nine; we will come back to you this afternoon about the library.';
    expect(derivation(comparableWords(STATEMENT), comparableWords(unrelated))).toBeLessThan(0.2);
  });

  it('does not let a long reply match by scattering the statement’s common word pairs far apart', () => {
    const filler = Array.from({ length: 60 }, (_, index) => `word${index}`).join(' ');
    const scattered = comparableWords(STATEMENT)
      .reduce<string[]>((words, word, index, all) => (index % 2 ? [...words, `${all[index - 1]} ${word}`, filler] : words), [])
      .join(' ');
    expect(derivation(comparableWords(STATEMENT), comparableWords(scattered))).toBeLessThan(0.6);
  });

  it('finds the source a text derives from most, skipping sources shorter than asked', () => {
    const sources = [
      { id: 'short', body: 'No.' },
      { id: 'other', body: 'The minister will visit the Riverside plant on Monday morning.' },
      { id: 'library', body: STATEMENT },
    ];
    expect(derivedFrom(`No. ${STATEMENT.replace('this year', 'in 2026')}`, sources, 2)?.id).toBe('library');
    expect(derivedFrom('No.', sources, 1)).toBeNull();
    expect(derivedFrom('Библиотека не закроется в этом году.', [{ body: 'Библиотека не закроется в этом году, сообщил совет.' }], 2)).not.toBeNull();
  });
});
