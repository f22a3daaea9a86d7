import { Injectable } from '@nestjs/common';
import { IsNull, type EntityManager } from 'typeorm';
import { SetupToken } from './setup-token.entity.js';

/** SQL for the first-run setup links; no decisions. */
@Injectable()
export class SetupTokensRepository {
  /** Stores a new link's hash; earlier unused links stop working. */
  async replaceUnused(tx: EntityManager, tokenHash: string): Promise<void> {
    await tx.delete(SetupToken, { usedAt: IsNull() });
    await tx.insert(SetupToken, { tokenHash });
  }

  /** The link row, locked until the caller commits: two uses of one link are serialised. */
  findForUpdate(tx: EntityManager, tokenHash: string): Promise<SetupToken | null> {
    return tx.getRepository(SetupToken).createQueryBuilder('token').setLock('pessimistic_write').where('token.tokenHash = :hash', { hash: tokenHash }).getOne();
  }

  async markUsed(tx: EntityManager, id: string, at: Date): Promise<void> {
    await tx.update(SetupToken, { id }, { usedAt: at });
  }
}
