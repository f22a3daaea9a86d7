import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { StoryCandidateDto, StorySuggestionsDto, SuggestedStoryGroupsDto, TicketSummaryDto } from '@newsdesk/shared';
import { DataSource } from 'typeorm';
import type { RequestUser } from '../common/request-user.js';
import { TicketsService } from '../tickets/tickets.service.js';
import { toTicketSummaryFromRow } from '../tickets/ticket.mapper.js';
import type { StorySuggestionsOptions, SuggestedGroupsQuery } from './dto/story-suggestions.query.js';
import { TICKETS_WITH_STORY_SELECT, toStoryRef, type TicketWithStoryRow } from './stories.mapper.js';
import { STORY_MATCH_THRESHOLD, TRIGRAM_PREFILTER, setSimilarity, similarPairs, starGroups, storyKeywords, storyScore } from './story-similarity.js';

const DEFAULT_WINDOW_DAYS = 3;
const DEFAULT_CANDIDATES = 20;
/** Most candidates rescored for one ticket (best trigram matches first). */
const MAX_RESCORED = 500;
/** Most recent tickets clustered into suggested groups. */
const MAX_GROUPED_TICKETS = 1000;

/** What suggestions compare (subject and the start of the first text; see the migration) and its English stems. */
const MATCH_TEXT = `story_match_text(t.subject, t.search_text)`;
const STEMS = `tsvector_to_array(to_tsvector('english', ${MATCH_TEXT}))`;
const OPEN = `t.status NOT IN ('resolved', 'closed')`;

/**
 * Finds inquiries about the same news: for one ticket, open tickets from a few days around it
 * (pre-filtered with pg_trgm's `%` on the trigram GIN index, then scored with keywords); for the
 * desk, recent tickets in no story clustered into proposed stories.
 */
@Injectable()
export class StorySuggestionsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tickets: TicketsService,
  ) {}

  async forTicket(idOrReference: string, options: StorySuggestionsOptions, _user: RequestUser): Promise<StorySuggestionsDto> {
    const ticket = await this.tickets.findAccessible(idOrReference);
    const windowDays = options.windowDays ?? DEFAULT_WINDOW_DAYS;
    const threshold = options.threshold ?? STORY_MATCH_THRESHOLD;
    const { target, candidates } = await this.dataSource.transaction(async (tx) => {
      // `%` reads its threshold from this setting; local to the transaction.
      await tx.query(`SELECT set_config('pg_trgm.similarity_threshold', $1, true)`, [String(Math.min(TRIGRAM_PREFILTER, threshold / 2))]);
      const [target] = (await tx.query(`SELECT ${MATCH_TEXT} AS text, ${STEMS} AS stems FROM tickets t WHERE t.id = $1`, [ticket.id])) as {
        text: string;
        stems: string[];
      }[];
      const candidates = (await tx.query(
        `SELECT t.id, similarity(${MATCH_TEXT}, $2) AS trigram, ${STEMS} AS stems
           FROM tickets t
          WHERE ${MATCH_TEXT} % $2
            AND t.id <> $1 AND ${OPEN}
            AND t.created_at BETWEEN $3::timestamptz - make_interval(days => $4) AND $3::timestamptz + make_interval(days => $4)
          ORDER BY trigram DESC
          LIMIT ${MAX_RESCORED}`,
        [ticket.id, target.text, ticket.createdAt, windowDays],
      )) as { id: string; trigram: number; stems: string[] }[];
      return { target, candidates };
    });

    const keywords = storyKeywords(target.stems);
    const scored = candidates
      .map((candidate) => ({ id: candidate.id, score: storyScore(candidate.trigram, setSimilarity(keywords, storyKeywords(candidate.stems))) }))
      .filter((candidate) => candidate.score >= threshold)
      .sort((a, b) => b.score - a.score || a.id.localeCompare(b.id))
      .slice(0, options.limit ?? DEFAULT_CANDIDATES);
    const rows = await this.ticketRows([ticket.id, ...scored.map((candidate) => candidate.id)]);
    const results: StoryCandidateDto[] = scored.flatMap(({ id, score }) => {
      const row = rows.get(id);
      return row ? [{ ticket: toTicketSummaryFromRow(row), score, story: toStoryRef(row) }] : [];
    });

    const stories = new Map<string, StorySuggestionsDto['stories'][number]>();
    for (const candidate of results) {
      if (!candidate.story) continue;
      const entry = stories.get(candidate.story.id) ?? { ...candidate.story, matches: 0, bestScore: 0 };
      entry.matches += 1;
      entry.bestScore = Math.max(entry.bestScore, candidate.score);
      stories.set(entry.id, entry);
    }
    const own = rows.get(ticket.id);
    return {
      ticket: { id: ticket.id, reference: ticket.reference, story: own ? toStoryRef(own) : null },
      windowDays,
      threshold,
      candidates: results,
      stories: [...stories.values()].sort((a, b) => b.matches - a.matches || b.bestScore - a.bestScore),
    };
  }

  /** Recent open tickets that are in no story, grouped around their most connected member; biggest group first. */
  async groups(query: SuggestedGroupsQuery, _user: RequestUser): Promise<SuggestedStoryGroupsDto> {
    const days = query.days ?? DEFAULT_WINDOW_DAYS;
    const threshold = query.threshold ?? STORY_MATCH_THRESHOLD;
    // Trigrams are read once per ticket and compared here: pairwise similarity() in SQL would redo them per pair.
    const recent = (await this.dataSource.query(
      `SELECT t.id, show_trgm(${MATCH_TEXT}) AS trigrams, ${STEMS} AS stems
         FROM tickets t
        WHERE t.created_at >= now() - make_interval(days => $1) AND ${OPEN}
          AND NOT EXISTS (SELECT 1 FROM story_tickets st WHERE st.ticket_id = t.id)
        ORDER BY t.created_at DESC, t.id
        LIMIT ${MAX_GROUPED_TICKETS}`,
      [days],
    )) as { id: string; trigrams: string[]; stems: string[] }[];
    const texts = recent.map((ticket) => ({ trigrams: new Set(ticket.trigrams), keywords: storyKeywords(ticket.stems) }));
    const groups = starGroups(texts.length, similarPairs(texts, threshold));
    const rows = await this.ticketRows(groups.flatMap((group) => [group.seed, ...group.members.map((member) => member.index)]).map((index) => recent[index].id));

    const summary = (index: number): TicketSummaryDto | null => {
      const row = rows.get(recent[index].id);
      return row ? toTicketSummaryFromRow(row) : null;
    };
    return {
      days,
      threshold,
      groups: groups
        .map((group) => {
          const seed = summary(group.seed);
          const members = group.members.flatMap(({ index, score }) => {
            const ticket = summary(index);
            return ticket ? [{ ...ticket, score }] : [];
          });
          const tickets = seed ? [{ ...seed, score: null }, ...members] : members;
          const deadlines = tickets.map((ticket) => ticket.deadlineAt).filter((deadline): deadline is string => !!deadline).sort();
          return {
            title: seed?.subject ?? members[0]?.subject ?? '',
            score: Math.round((members.reduce((sum, member) => sum + member.score, 0) / Math.max(members.length, 1)) * 1000) / 1000,
            earliestDeadlineAt: deadlines[0] ?? null,
            tickets,
          };
        })
        .filter((group) => group.tickets.length > 1)
        .sort((a, b) => b.tickets.length - a.tickets.length || b.score - a.score),
    };
  }

  private async ticketRows(ids: string[]): Promise<Map<string, TicketWithStoryRow>> {
    if (!ids.length) return new Map();
    const rows = (await this.dataSource.query(TICKETS_WITH_STORY_SELECT, [ids])) as TicketWithStoryRow[];
    return new Map(rows.map((row) => [row.id, row]));
  }
}
