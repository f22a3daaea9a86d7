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

/** The search text as a tsquery, folded like the vector (search_fold: lower accents, so "Elodie" finds "Élodie"). */
export const tsQuery = (param: string) => `websearch_to_tsquery('simple', search_fold(${param}))`;

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

/** The text condition on alias `t`: the search vector, or (a bare number) that ticket number too, both indexed. */
export function textCondition(queryParam: string, numberParam: string | null): string {
  const words = `t.search_vector @@ ${tsQuery(queryParam)}`;
  return numberParam ? `(t.number = ${numberParam}::bigint OR ${words})` : words;
}

/** Past these planner estimates the statistics are trusted as they are; between them, the matches are counted. */
export const SURELY_COMMON = 10 * RARE_MATCHES;
export const SURELY_RARE = RARE_MATCHES / 10;

export interface SearchPlanInput {
  /** Columns selected for the page (SUMMARY_COLUMNS) and the joins they need, after `FROM … t`. */
  columns: string;
  joins: string;
  /** The text condition, e.g. `t.search_vector @@ websearch_to_tsquery(…)`. */
  text: string;
  /** Every other condition, on alias `t`, the cursor included. */
  where: string[];
  /** The queue order: key expression on `t`, then `t.id`, in one direction. */
  sortKey: string;
  direction: 'ASC' | 'DESC';
  limit: number;
}

/** All matches first (rare words): the GIN index gives the set, the page is sorted from it. */
export function allMatchesStatement(input: SearchPlanInput): string {
  return `WITH matches AS MATERIALIZED (SELECT t.id FROM tickets t WHERE ${input.text})
    SELECT ${input.columns} FROM tickets t JOIN matches ON matches.id = t.id ${input.joins}
     ${input.where.length ? `WHERE ${input.where.join(' AND ')}` : ''}
     ORDER BY ${input.sortKey} ${input.direction}, t.id ${input.direction} LIMIT ${input.limit}`;
}

/**
 * The sort order walked, fenced (common words). The key is carried out of the fenced subquery as a
 * column, so the outer ORDER BY is seen as already satisfied and rows stream instead of being sorted.
 */
export function walkStatement(input: SearchPlanInput): string {
  return `SELECT ${input.columns}
      FROM (SELECT t.*, ${input.sortKey} AS walk_key FROM tickets t ${input.where.length ? `WHERE ${input.where.join(' AND ')}` : ''}
             ORDER BY ${input.sortKey} ${input.direction}, t.id ${input.direction} LIMIT ${WALK_WINDOW}) t ${input.joins}
     WHERE ${input.text}
     ORDER BY t.walk_key ${input.direction}, t.id ${input.direction} LIMIT ${input.limit}`;
}

interface RankedCursor {
  rank: number;
  createdAt: string;
  id: string;
}

export function encodeRankedCursor(cursor: RankedCursor): string {
  return Buffer.from(JSON.stringify(['rank', cursor.rank, cursor.createdAt, cursor.id])).toString('base64url');
}

export function decodeRankedCursor(raw: string): RankedCursor | null {
  try {
    const [tag, rank, createdAt, id] = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as unknown[];
    if (tag === 'rank' && typeof rank === 'number' && typeof createdAt === 'string' && typeof id === 'string' && !Number.isNaN(Date.parse(createdAt))) {
      return { rank, createdAt, id };
    }
  } catch {
    // not a ranked cursor
  }
  return null;
}

/**
 * Relevance: the newest RANKED_MATCHES matches (through the same two plans), ranked by
 * ts_rank_cd, newest first among equals. `window` selects the candidate ids and created_at.
 */
export function rankedStatement(input: { columns: string; joins: string; window: string; query: string; after: string | null; limit: number }): string {
  return `WITH window_matches AS MATERIALIZED (${input.window}),
         ranked AS (SELECT w.id, w.created_at, ts_rank_cd(t.search_vector, ${input.query}) AS rank
                      FROM window_matches w JOIN tickets t ON t.id = w.id)
    SELECT ${input.columns}, ranked.rank, ranked.created_at::text AS ranked_at
      FROM ranked JOIN tickets t ON t.id = ranked.id ${input.joins}
     ${input.after ? `WHERE ${input.after}` : ''}
     ORDER BY ranked.rank DESC, ranked.created_at DESC, ranked.id DESC LIMIT ${input.limit}`;
}

/** Candidate window for relevance: every match (rare words) or a fenced walk of the newest tickets. */
export function rankedWindow(text: string, where: string[], rare: boolean): string {
  const conditions = where.length ? `AND ${where.join(' AND ')}` : '';
  return rare
    ? `SELECT t.id, t.created_at FROM tickets t
        WHERE t.id IN (SELECT id FROM (SELECT t.id FROM tickets t WHERE ${text} OFFSET 0) m) ${conditions}
        ORDER BY t.created_at DESC, t.id DESC LIMIT ${RANKED_MATCHES}`
    : `SELECT t.id, t.created_at FROM (SELECT t.* FROM tickets t WHERE true ${conditions} ORDER BY t.created_at DESC, t.id DESC LIMIT ${WALK_WINDOW}) t
        WHERE ${text} ORDER BY t.created_at DESC, t.id DESC LIMIT ${RANKED_MATCHES}`;
}
