/**
 * Full-text search chooses its plan from how many tickets match (TicketsRepository.isRareSearch: the planner's estimate
 * where it is clear-cut, a capped count near the threshold) rather than leaving the plan to the
 * planner, whose costs assume matches are spread evenly through the sort order:
 * - few matches (a rare word): fetch every match from the GIN index, then sort them;
 * - many matches (a common word): walk the sort order and test each row, which finds a page after
 *   a few hundred rows; the walk is fenced at WALK_WINDOW rows, so a word that is common overall
 *   but absent from the newest tickets cannot walk the whole table; past the fence the exact
 *   GIN plan answers instead.
 * Sorting every match of a common word by the queue order (or by rank) is what this avoids.
 */

/** Below this many matches, fetching all of them and sorting is cheaper than walking the sort index. */
export const RARE_MATCHES = 5_000;
/** Rows of the sort order walked for a common word before falling back to the exact plan. */
export const WALK_WINDOW = 20_000;
/** Relevance ranks only the newest this-many matches. */
export const RANKED_MATCHES = 500;

/** "ND-1004", "nd1004", "nd 1004", "[ND-1004]": a reference and nothing else. */
const REFERENCE_QUERY = /^\[?\s*nd\s*[-#:_]?\s*(\d{1,18})\s*\]?$/i;
/** "1004" or "#1004": a reference without its prefix, or a number in the text. */
const NUMBER_QUERY = /^#?(\d{1,18})$/;

/** What a search text names beyond words: the exact reference typed, or a bare number that may be one. */
export type SearchReference = { kind: 'reference' | 'number'; number: string } | null;

export function parseReference(q: string): SearchReference {
  const reference = REFERENCE_QUERY.exec(q.trim());
  if (reference) return { kind: 'reference', number: reference[1] };
  const number = NUMBER_QUERY.exec(q.trim());
  return number ? { kind: 'number', number: number[1] } : null;
}

/** Past these planner estimates the statistics are trusted as they are; between them, the matches are counted. */
export const SURELY_COMMON = 10 * RARE_MATCHES;
export const SURELY_RARE = RARE_MATCHES / 10;

