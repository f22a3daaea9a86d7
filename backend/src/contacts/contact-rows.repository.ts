import type { DeepPartial, EntityManager, EntityTarget, FindOptionsWhere, ObjectLiteral } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity.js';

/** The row writes journalists and outlets share (an edit, a merge): one implementation, typed per contact table. */
export abstract class ContactRowsRepository<Row extends ObjectLiteral & { id: string }> {
  protected constructor(private readonly entity: EntityTarget<Row>) {}

  async insert(tx: EntityManager, fields: DeepPartial<Row>): Promise<Row> {
    const repository = tx.getRepository(this.entity);
    return repository.save(repository.create(fields));
  }

  lockForUpdate(tx: EntityManager, id: string): Promise<Row | null> {
    return tx.getRepository(this.entity).findOne({ where: { id } as FindOptionsWhere<Row>, lock: { mode: 'pessimistic_write' } });
  }

  /** Both rows locked in id order, so two merges of the same pair cannot deadlock. */
  lockPair(tx: EntityManager, ids: [string, string]): Promise<Row[]> {
    return tx.getRepository(this.entity).createQueryBuilder('contact').where('contact.id IN (:...ids)', { ids }).orderBy('contact.id').setLock('pessimistic_write').getMany();
  }

  async update(tx: EntityManager, id: string, patch: QueryDeepPartialEntity<Row>): Promise<void> {
    await tx.getRepository(this.entity).update({ id } as FindOptionsWhere<Row>, patch);
  }

  async delete(tx: EntityManager, id: string): Promise<void> {
    await tx.getRepository(this.entity).delete({ id } as FindOptionsWhere<Row>);
  }
}
