import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** Attachment bytes for the PostgreSQL storage backend. */
@Entity('attachment_blobs')
export class AttachmentBlob {
  @PrimaryColumn('text')
  key: string;

  @Column('bytea')
  data: Buffer;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
