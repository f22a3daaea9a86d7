import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ContactsService, domainCandidates } from './contacts.service.js';
import { JournalistBatchRepository, type JournalistRef } from './journalist-batch.repository.js';
import type { Journalist } from './journalist.entity.js';

/** An alias's journalist keeps the survivor's own address: that is where mail to them goes. */
const refOf = (journalist: Journalist, email: string): JournalistRef => ({ id: journalist.id, email: journalist.email ?? email, name: journalist.name, outletId: journalist.outletId });

/** Journalists for a batch of inquiries: every sender found or created at once. */
@Injectable()
export class JournalistBatchService {
  constructor(
    private readonly repository: JournalistBatchRepository,
    private readonly contacts: ContactsService,
  ) {}

  /**
   * The journalist per lower-cased address, as findOrCreateJournalist would leave it after the inputs
   * one by one in order (the first non-empty name of an address is the one filled in).
   */
  async findOrCreateMany(tx: EntityManager, inputs: { email: string; name: string | null; phone?: string | null }[]): Promise<Map<string, JournalistRef>> {
    const found = new Map<string, JournalistRef>();
    const distinct = new Map<string, string | null>();
    for (const input of inputs) {
      // A phone (the web form's, one inquiry at a time) takes the one-by-one path, which fills it in.
      if (input.phone) {
        const email = input.email.trim().toLowerCase();
        found.set(email, refOf(await this.contacts.findOrCreateJournalist(input, tx), email));
        continue;
      }
      const email = input.email.trim().toLowerCase();
      const name = input.name?.trim() || null;
      if (!distinct.has(email) || (distinct.get(email) === null && name)) distinct.set(email, name);
    }
    // In address order, so two batches upserting the same journalists lock their rows in the same order.
    const rows = await this.repository.findOrCreateMany(
      tx,
      [...distinct].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([email, name]) => ({ email, name, domains: domainCandidates(email) })),
    );
    for (const row of rows) found.set(row.email, row);
    // Merged aliases and addresses a concurrent insert hid from the statement: the one-by-one path knows them.
    for (const [email, name] of distinct) {
      if (found.has(email)) continue;
      found.set(email, refOf(await this.contacts.findOrCreateJournalist({ email, name }, tx), email));
    }
    return found;
  }

  /** The outlet a web form names, by name (case-insensitive). */
  outletIdByName(tx: EntityManager, name: string): Promise<string | null> {
    return this.repository.outletIdByName(tx, name);
  }
}
