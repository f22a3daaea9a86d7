import { Injectable } from '@nestjs/common';
import type { StoryStatus } from '@newsdesk/shared';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { sqlExec, sqlRow, sqlRows } from '../database/sql.js';
import type { SummaryRow } from './ticket.mapper.js';
import { SUMMARY_COLUMNS } from './tickets.repository.js';

/** The text a story match compares (subject and opening text, story_match_text in the migrations) and its stems. */
const MATCH_TEXT = `story_match_text(t.subject, t.search_text)`;
const STEMS = `tsvector_to_array(to_tsvector('english', ${MATCH_TEXT}))`;
const OPEN = `t.status NOT IN ('resolved', 'closed')`;

/** Queue rows with the story each ticket is in (story suggestions). */
const TICKETS_WITH_STORY_SELECT = `
  SELECT ${SUMMARY_COLUMNS}, s.id AS story_id, s.title AS story_title, s.status AS story_status
    FROM tickets t
    LEFT JOIN users_view a ON a.id = t.assignee_id
    LEFT JOIN journalists_view j ON j.id = t.journalist_id
    LEFT JOIN outlets_view o ON o.id = t.outlet_id
    LEFT JOIN story_tickets_view st ON st.ticket_id = t.id
    LEFT JOIN stories_view s ON s.id = st.story_id
   WHERE t.id = ANY($1::uuid[])`;


export interface TicketWithStoryRow extends SummaryRow {
  story_id: string | null;
  story_title: string | null;
  story_status: StoryStatus | null;
}

/** Tickets read for story matching: trigram similarity of their match text (tickets_story_match_idx) and its stems. */
@Injectable()
export class TicketSimilarityRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** `%` reads its threshold from this setting; local to the caller's transaction. */
  async setTrigramThreshold(tx: EntityManager, threshold: number): Promise<void> {
    await sqlExec(tx, `SELECT set_config('pg_trgm.similarity_threshold', $1, true)`, [String(threshold)]);
  }

  findMatchText(tx: EntityManager, ticketId: string): Promise<{ text: string; stems: string[] } | null> {
    return sqlRow(tx, `SELECT ${MATCH_TEXT} AS text, ${STEMS} AS stems FROM tickets t WHERE t.id = $1`, [ticketId]);
  }

  /** Open tickets created within `windowDays` of `around` whose match text is trigram-similar to `text`, most similar first. */
  findSimilarOpen(
    tx: EntityManager,
    input: { exceptId: string; text: string; around: Date; windowDays: number; limit: number },
  ): Promise<{ id: string; trigram: number; stems: string[] }[]> {
    return sqlRows(
      tx,
      `SELECT t.id, similarity(${MATCH_TEXT}, $2) AS trigram, ${STEMS} AS stems
         FROM tickets t
        WHERE ${MATCH_TEXT} % $2
          AND t.id <> $1 AND ${OPEN}
          AND t.created_at BETWEEN $3::timestamptz - make_interval(days => $4) AND $3::timestamptz + make_interval(days => $4)
        ORDER BY trigram DESC
        LIMIT ${input.limit}`,
      [input.exceptId, input.text, input.around, input.windowDays],
    );
  }

  /** Recent open tickets in no story, newest first, with their trigrams and stems (compared in the service, once per ticket). */
  findRecentUnstoried(days: number, limit: number): Promise<{ id: string; trigrams: string[]; stems: string[] }[]> {
    return sqlRows(
      this.dataSource,
      `SELECT t.id, show_trgm(${MATCH_TEXT}) AS trigrams, ${STEMS} AS stems
         FROM tickets t
        WHERE t.created_at >= now() - make_interval(days => $1) AND ${OPEN}
          AND NOT EXISTS (SELECT 1 FROM story_tickets_view st WHERE st.ticket_id = t.id)
        ORDER BY t.created_at DESC, t.id
        LIMIT ${limit}`,
      [days],
    );
  }

  findSummariesWithStory(ids: string[]): Promise<TicketWithStoryRow[]> {
    return sqlRows<TicketWithStoryRow>(this.dataSource, TICKETS_WITH_STORY_SELECT, [ids]);
  }
}
