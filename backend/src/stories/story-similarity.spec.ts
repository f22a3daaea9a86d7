import { setSimilarity, similarPairs, starGroups, storyKeywords, storyScore, type MatchText } from './story-similarity.js';

const text = (trigrams: string[], keywords: string[]): MatchText => ({ trigrams: new Set(trigrams), keywords: new Set(keywords) });

describe('story similarity', () => {
  it('drops inquiry boilerplate, numbers and times from the keywords', () => {
    expect([...storyKeywords(['request', 'comment', 'fire', 'riversid', '5pm', '2026', '17:00', 'deadlin', 'plant', 'x'])]).toEqual([
      'fire',
      'riversid',
      'plant',
    ]);
  });

  it('computes the shared share of two sets the way pg_trgm does', () => {
    expect(setSimilarity(new Set(['a', 'b', 'c']), new Set(['b', 'c', 'd']))).toBeCloseTo(2 / 4);
    expect(setSimilarity(new Set(), new Set(['a']))).toBe(0);
  });

  it('scores the mean of trigram and keyword similarity, and nothing when the texts share almost no words', () => {
    expect(storyScore(0.4, 1)).toBe(0.7);
    expect(storyScore(0.9, 0.04)).toBe(0);
  });

  it('pairs only texts that share a keyword and reach the threshold', () => {
    const texts = [
      text(['fir', 'ire', 'pla'], ['fire', 'plant']),
      text(['fir', 'ire', 'pla', 'ant'], ['fire', 'plant', 'smoke']),
      text(['bri', 'rid', 'dge'], ['bridge']),
    ];
    expect(similarPairs(texts, 0.5)).toEqual([{ a: 0, b: 1, score: 0.708 }]);
  });

  it('groups around the most connected ticket without chaining through a middle one', () => {
    // 0–1–2–3 form a star around 1; 3–4 only touch through 3, which 1 took first.
    const pairs = [
      { a: 0, b: 1, score: 0.5 },
      { a: 1, b: 2, score: 0.4 },
      { a: 1, b: 3, score: 0.3 },
      { a: 3, b: 4, score: 0.6 },
      { a: 5, b: 6, score: 0.3 },
    ];
    expect(starGroups(8, pairs)).toEqual([
      { seed: 1, members: [{ index: 0, score: 0.5 }, { index: 2, score: 0.4 }, { index: 3, score: 0.3 }] },
      { seed: 5, members: [{ index: 6, score: 0.3 }] },
    ]);
  });
});
