import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

export type ContactTable = 'journalists' | 'outlets';

/**
 * A module whose tables reference journalists or outlets. A merge calls it inside the merge's transaction
 * and it re-points its own columns from the duplicate to the survivor, so the contacts module never writes
 * another module's table.
 */
export interface ContactMergeParticipant {
  /** The foreign-key columns it moves, as `table.column`, per contact table (a test checks them against the catalog). */
  readonly contactReferences: { readonly [T in ContactTable]?: readonly string[] };
  /** Re-points its rows from `fromId` to `toId`; answers how many rows moved, per `table.column`. */
  moveContact(tx: EntityManager, table: ContactTable, fromId: string, toId: string): Promise<Record<string, number>>;
}

/**
 * The columns the merges move themselves, with an event per row: the tickets through the tickets service,
 * a merged outlet's journalists through the contacts' own repository.
 */
export const MOVED_BY_CONTACTS: { readonly [T in ContactTable]: readonly string[] } = {
  journalists: ['tickets.journalist_id'],
  outlets: ['tickets.outlet_id', 'journalists.outlet_id'],
};

/** The merge participants, registered by their modules when the app starts (onModuleInit). */
@Injectable()
export class ContactMergeRegistry {
  private readonly participants: ContactMergeParticipant[] = [];

  register(participant: ContactMergeParticipant): void {
    this.participants.push(participant);
  }

  /** Every `table.column` a merge of `table` re-points: the contacts' own and the participants'. */
  references(table: ContactTable): string[] {
    return [...MOVED_BY_CONTACTS[table], ...this.participants.flatMap((participant) => participant.contactReferences[table] ?? [])].sort();
  }

  /** Runs every participant that references `table` in the merge's transaction; the rows moved per column (non-zero only). */
  async moveAll(tx: EntityManager, table: ContactTable, fromId: string, toId: string): Promise<Record<string, number>> {
    const moved: Record<string, number> = {};
    for (const participant of this.participants) {
      if (!participant.contactReferences[table]?.length) continue;
      for (const [column, count] of Object.entries(await participant.moveContact(tx, table, fromId, toId))) if (count) moved[column] = count;
    }
    return moved;
  }
}
