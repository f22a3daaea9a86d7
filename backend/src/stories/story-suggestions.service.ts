import { Injectable } from '@nestjs/common';
import type { StoryCandidateDto, StorySuggestionsDto, SuggestedStoryGroupsDto, TicketSummaryDto } from '@newsdesk/shared';
import type { RequestUser } from '../common/request-user.js';
import { TicketsService } from '../tickets/tickets.service.js';
import { toTicketSummaryFromRow } from '../tickets/ticket.mapper.js';
import type { StorySuggestionsOptions, SuggestedGroupsQuery } from './dto/story-suggestions.query.js';
import { toStoryRef, type TicketWithStoryRow } from './stories.mapper.js';
import { STORY_MATCH_THRESHOLD, TRIGRAM_PREFILTER, setSimilarity, similarPairs, starGroups, storyKeywords, storyScore } from './story-similarity.js';

const DEFAULT_WINDOW_DAYS = 3;
const DEFAULT_CANDIDATES = 20;
/** Most candidates rescored for one ticket (best trigram matches first). */
const MAX_RESCORED = 500;
/** Most recent tickets clustered into suggested groups. */
const MAX_GROUPED_TICKETS = 1000;

/** What suggestions compare (subject and the start of the first text; see the migration) and its English stems. */

/**
 * Finds inquiries about the same news: for one ticket, open tickets from a few days around it
 * (pre-filtered with pg_trgm's `%` on the trigram GIN index, then scored with keywords); for the
 * desk, recent tickets in no story clustered into proposed stories.
 */
@Injectable()
export class StorySuggestionsService {
  constructor(
    private readonly tickets: TicketsService,
  ) {}

  async forTicket(idOrReference: string, options: StorySuggestionsOptions, _user: RequestUser): Promise<StorySuggestionsDto> {
    const ticket = await this.tickets.findAccessible(idOrReference);
    const windowDays = options.windowDays ?? DEFAULT_WINDOW_DAYS;
    const threshold = options.threshold ?? STORY_MATCH_THRESHOLD;
    const { target, candidates } = await this.tickets.similarOpenTickets(ticket, {
      prefilter: Math.min(TRIGRAM_PREFILTER, threshold / 2),
      windowDays,
      limit: MAX_RESCORED,
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
    const recent = await this.tickets.recentUnstoried(days, MAX_GROUPED_TICKETS);
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
    const rows = await this.tickets.summariesWithStory(ids);
    return new Map(rows.map((row) => [row.id, row]));
  }
}
