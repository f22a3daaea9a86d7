/**
 * Where attachment bytes live. The PostgreSQL store lets every replica serve every file;
 * an S3-compatible store can implement the same three calls.
 */
export abstract class AttachmentStorage {
  abstract put(key: string, data: Buffer): Promise<void>;
  /** The bytes, or null when nothing is stored under `key`. */
  abstract get(key: string): Promise<Buffer | null>;
  abstract delete(key: string): Promise<void>;
}
