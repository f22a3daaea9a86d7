import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { isUuid } from '../common/ids.js';
import { Journalist } from './journalist.entity.js';
import { Outlet } from './outlet.entity.js';

export interface JournalistInput {
  email?: string | null;
  name?: string | null;
  phone?: string | null;
}

/** Journalists and outlets as other features need them: found by id, address or mail domain, created on first contact. */
@Injectable()
export class ContactsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The outlet whose domain list holds the address's domain (or a parent domain of it). */
  async outletForAddress(address: string, manager: EntityManager = this.dataSource.manager): Promise<Outlet | null> {
    const domain = address.split('@').pop()?.toLowerCase();
    if (!domain) return null;
    const parts = domain.split('.');
    const candidates = parts.slice(0, -1).map((_, index) => parts.slice(index).join('.'));
    if (!candidates.length) return null;
    return manager
      .getRepository(Outlet)
      .createQueryBuilder('outlet')
      .where('outlet.domains && :candidates', { candidates })
      .orderBy('outlet.created_at', 'ASC')
      .getOne();
  }

  /** Finds a journalist by email or one of their other addresses (case-insensitive) or creates one; fills in a missing name or phone. */
  async findOrCreateJournalist(input: JournalistInput, manager: EntityManager = this.dataSource.manager): Promise<Journalist> {
    const repository = manager.getRepository(Journalist);
    const email = input.email?.trim().toLowerCase() || null;
    if (email) {
      // An address merged in from a duplicate belongs to the survivor.
      const aliased = await repository.createQueryBuilder('journalist').where('journalist.aliases @> ARRAY[:email]::text[]', { email }).getOne();
      if (!aliased) {
        await manager.query(
          `INSERT INTO journalists (email, name, phone) VALUES ($1, $2, $3) ON CONFLICT (email) WHERE email IS NOT NULL DO NOTHING`,
          [email, input.name?.trim() || null, input.phone?.trim() || null],
        );
      }
      const journalist = aliased ?? (await repository.findOneByOrFail({ email }));
      const patch: Partial<Journalist> = {};
      if (!journalist.name && input.name?.trim()) patch.name = input.name.trim();
      if (!journalist.phone && input.phone?.trim()) patch.phone = input.phone.trim();
      if (!journalist.outletId) {
        const outlet = await this.outletForAddress(email, manager);
        if (outlet) patch.outletId = outlet.id;
      }
      if (Object.keys(patch).length) {
        await repository.update({ id: journalist.id }, patch);
        Object.assign(journalist, patch);
      }
      return journalist;
    }
    return repository.save(repository.create({ name: input.name?.trim() || null, phone: input.phone?.trim() || null }));
  }

  async getJournalist(id: string, manager: EntityManager = this.dataSource.manager): Promise<Journalist> {
    const journalist = isUuid(id) ? await manager.getRepository(Journalist).findOneBy({ id }) : null;
    if (!journalist) throw new NotFoundException('Journalist not found');
    return journalist;
  }

  async getOutlet(id: string, manager: EntityManager = this.dataSource.manager): Promise<Outlet> {
    const outlet = isUuid(id) ? await manager.getRepository(Outlet).findOneBy({ id }) : null;
    if (!outlet) throw new NotFoundException('Outlet not found');
    return outlet;
  }
}
