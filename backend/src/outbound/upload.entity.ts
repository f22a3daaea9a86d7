import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A file an officer uploaded for a reply; its bytes are already in AttachmentStorage under `sha256`. */
@Entity('uploads')
export class Upload {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  userId: string;

  @Column('text')
  filename: string;

  @Column('text')
  contentType: string;

  @Column('integer')
  size: number;

  @Column('text')
  sha256: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
