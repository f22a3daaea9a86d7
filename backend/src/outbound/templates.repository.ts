import { Injectable } from '@nestjs/common';
import type { TemplateKind } from '@newsdesk/shared';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { Template } from './template.entity.js';

/** The SQL of templates: entities in and out, no decisions. */
@Injectable()
export class TemplatesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Of one kind or all, by kind then name. */
  findAll(kind?: TemplateKind): Promise<Template[]> {
    return this.dataSource.getRepository(Template).find({ where: kind ? { kind } : {}, order: { kind: 'ASC', name: 'ASC' } });
  }

  findActiveReply(id: string): Promise<Template | null> {
    return this.dataSource.getRepository(Template).findOneBy({ id, kind: 'reply', active: true });
  }

  /** Locks the row so a concurrent edit waits and its event's "before" is what it replaced. */
  lockById(tx: EntityManager, id: string): Promise<Template | null> {
    return tx.getRepository(Template).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  insert(tx: EntityManager, template: Pick<Template, 'kind' | 'name' | 'body' | 'language' | 'active' | 'createdById'>): Promise<Template> {
    const repository = tx.getRepository(Template);
    return repository.save(repository.create(template));
  }

  /** Saves the changed fields (updated_at moves). */
  save(tx: EntityManager, template: Template): Promise<Template> {
    return tx.getRepository(Template).save(template);
  }

  async delete(tx: EntityManager, id: string): Promise<void> {
    await tx.getRepository(Template).delete({ id });
  }
}
