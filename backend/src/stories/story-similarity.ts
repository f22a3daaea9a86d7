/**
 * How alike two inquiries read, from what PostgreSQL extracts of their subject and first text
 * (`story_match_text`): pg_trgm trigrams (robust to typos and word forms) and English stems
 * (robust to word order and padding). The score is the mean of the two similarities, 0 to 1.
 */

/** Scores at or above this put two tickets in the same story; tuned on varied wordings of one event. */
export const STORY_MATCH_THRESHOLD = 0.22;

/** Trigram similarity below which a ticket cannot reach the threshold: the indexed pre-filter (`%`). */
export const TRIGRAM_PREFILTER = 0.1;

/** Stems every press inquiry uses ("request for comment by the deadline"): they say nothing about the story. */
const BOILERPLATE = new Set([
  'ask', 'comment', 'confirm', 'could', 'dear', 'deadlin', 'hello', 'hi', 'inquiri', 'know', 'like', 'need', 'pleas',
  'press', 'question', 'quot', 'reader', 'regard', 're', 'fw', 'fwd', 'report', 'request', 'respons', 'statement',
  'thank', 'today', 'tomorrow', 'tonight', 'whether', 'would', 'write',
]);

/** The words that identify a story: stems minus boilerplate, numbers and one-letter tokens. */
export function storyKeywords(stems: readonly string[]): Set<string> {
  return new Set(stems.filter((stem) => stem.length > 1 && !BOILERPLATE.has(stem) && !/^\d+([.,:]\d+)*(am|pm)?$/.test(stem)));
}

/** Shared share of two sets (Jaccard): what pg_trgm's similarity() computes over trigram sets. */
export function setSimilarity(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (!a.size || !b.size) return 0;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let shared = 0;
  for (const item of small) if (large.has(item)) shared += 1;
  return shared / (a.size + b.size - shared);
}

/**
 * Keyword similarity below which two inquiries are not about the same news whatever their
 * trigrams say (they share almost no words); it also spares most pairs the trigram comparison.
 */
export const KEYWORD_FLOOR = 0.05;

/** The mean of trigram and keyword similarity, to three decimals; 0 below the keyword floor. */
export function storyScore(trigramSimilarity: number, keywordSimilarity: number): number {
  if (keywordSimilarity < KEYWORD_FLOOR) return 0;
  return Math.round(((trigramSimilarity + keywordSimilarity) / 2) * 1000) / 1000;
}

/** One inquiry's extracted text: trigrams from `show_trgm`, keywords from `storyKeywords`. */
export interface MatchText {
  trigrams: ReadonlySet<string>;
  keywords: ReadonlySet<string>;
}

export interface ScoredPair {
  a: number;
  b: number;
  score: number;
}

/**
 * Every pair at or above `threshold`. Shared keywords are counted through an inverted index, so
 * only pairs with words in common are looked at, and trigrams are compared only past the keyword floor.
 */
export function similarPairs(texts: readonly MatchText[], threshold = STORY_MATCH_THRESHOLD): ScoredPair[] {
  const postings = new Map<string, number[]>();
  texts.forEach((text, index) => {
    for (const keyword of text.keywords) {
      const list = postings.get(keyword);
      if (list) list.push(index);
      else postings.set(keyword, [index]);
    }
  });
  const pairs: ScoredPair[] = [];
  const shared = new Int32Array(texts.length);
  const touched: number[] = [];
  texts.forEach((text, a) => {
    touched.length = 0;
    for (const keyword of text.keywords) {
      for (const b of postings.get(keyword)!) {
        if (b > a && shared[b]++ === 0) touched.push(b);
      }
    }
    for (const b of touched) {
      const common = shared[b];
      shared[b] = 0;
      const keywordSimilarity = common / (text.keywords.size + texts[b].keywords.size - common);
      if (keywordSimilarity < KEYWORD_FLOOR) continue;
      const score = storyScore(setSimilarity(text.trigrams, texts[b].trigrams), keywordSimilarity);
      if (score >= threshold) pairs.push({ a, b, score });
    }
  });
  return pairs.sort((x, y) => x.a - y.a || x.b - y.b);
}

export interface StarGroup {
  /** The most connected ticket: every member reads like it. */
  seed: number;
  members: { index: number; score: number }[];
}

/**
 * Star clustering: the ticket with the most matches seeds a group of its still-ungrouped matches,
 * and so on. Unlike connected components it cannot chain unrelated tickets through a middle one.
 */
export function starGroups(count: number, pairs: readonly ScoredPair[]): StarGroup[] {
  const neighbours = Array.from({ length: count }, () => [] as { index: number; score: number }[]);
  for (const { a, b, score } of pairs) {
    neighbours[a].push({ index: b, score });
    neighbours[b].push({ index: a, score });
  }
  const weight = (index: number) => neighbours[index].reduce((sum, { score }) => sum + score, 0);
  const order = [...neighbours.keys()]
    .filter((index) => neighbours[index].length)
    .sort((x, y) => neighbours[y].length - neighbours[x].length || weight(y) - weight(x) || x - y);
  const grouped = new Set<number>();
  const groups: StarGroup[] = [];
  for (const seed of order) {
    if (grouped.has(seed)) continue;
    const members = neighbours[seed].filter(({ index }) => !grouped.has(index)).sort((x, y) => y.score - x.score || x.index - y.index);
    if (!members.length) continue;
    grouped.add(seed);
    for (const { index } of members) grouped.add(index);
    groups.push({ seed, members });
  }
  return groups;
}
