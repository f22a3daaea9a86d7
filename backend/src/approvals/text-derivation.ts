/**
 * Whether a reply's text was copied from another text (a library statement, a held reply) and
 * then edited: the share of the source's word pairs found within one stretch of the reply.
 * Word pairs survive small edits (a changed word breaks two), keep word order, and the stretch
 * keeps a long reply from matching by scattering common pairs. Unicode-aware, unlike pg_trgm
 * under the C locale the embedded database runs with.
 */

/** Share of the source's word pairs from which a text counts as derived from it. */
export const DERIVATION_THRESHOLD = 0.6;

/** Words as compared: compatibility forms folded, invisible format characters dropped, lower case. */
export function comparableWords(text: string): string[] {
  return (
    text
      .normalize('NFKC')
      .replace(/\p{Cf}/gu, '')
      .toLowerCase()
      .match(/[\p{L}\p{N}][\p{L}\p{M}\p{N}]*/gu) ?? []
  );
}

function pairs(words: readonly string[]): string[] {
  return words.slice(1).map((word, index) => `${words[index]} ${word}`);
}

/** 0 to 1: how much of `source` (its distinct word pairs) appears within one stretch of `text`. */
export function derivation(source: readonly string[], text: readonly string[]): number {
  const wanted = new Set(pairs(source));
  if (!wanted.size) return 0;
  const found = pairs(text);
  // A stretch twice the source's length leaves room for words inserted between the copied ones.
  const width = Math.max(wanted.size * 2, wanted.size + 4);
  const counts = new Map<string, number>();
  let distinct = 0;
  let best = 0;
  for (let right = 0; right < found.length; right += 1) {
    const entering = found[right];
    if (wanted.has(entering)) {
      const count = (counts.get(entering) ?? 0) + 1;
      counts.set(entering, count);
      if (count === 1) distinct += 1;
    }
    const left = right - width;
    if (left >= 0 && wanted.has(found[left])) {
      const count = counts.get(found[left])! - 1;
      counts.set(found[left], count);
      if (count === 0) distinct -= 1;
    }
    if (distinct > best) best = distinct;
  }
  return best / wanted.size;
}

/** The source (at least `minWords` long) that `text` derives from most, if any. */
export function derivedFrom<T extends { body: string }>(text: string, sources: readonly T[], minWords: number): T | null {
  const words = comparableWords(text);
  if (words.length < 2) return null;
  let best: { source: T; score: number } | null = null;
  for (const source of sources) {
    const sourceWords = comparableWords(source.body);
    if (sourceWords.length < minWords) continue;
    const score = derivation(sourceWords, words);
    if (score >= DERIVATION_THRESHOLD && (!best || score > best.score)) best = { source, score };
  }
  return best?.source ?? null;
}
