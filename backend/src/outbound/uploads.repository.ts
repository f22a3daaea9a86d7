import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, type EntityManager } from 'typeorm';
import { Upload } from './upload.entity.js';

/** The SQL of uploads (files staged for a reply): entities in and out, no decisions. */
@Injectable()
export class UploadsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  insert(upload: Pick<Upload, 'userId' | 'filename' | 'contentType' | 'size' | 'sha256'>): Promise<Upload> {
    const repository = this.dataSource.getRepository(Upload);
    return repository.save(repository.create(upload));
  }

  /** Those of these uploads that this user made (someone else's id is not found). */
  findOwn(tx: EntityManager, ids: string[], userId: string): Promise<Upload[]> {
    return tx.getRepository(Upload).findBy({ id: In(ids), userId });
  }

  async deleteMany(tx: EntityManager, ids: string[]): Promise<void> {
    await tx.getRepository(Upload).delete({ id: In(ids) });
  }
}
