import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Web form submissions counted per IP and per address, so the form's rate limits hold across replicas. */
export class WebFormSubmissions1764496800000 implements MigrationInterface {
  name = 'WebFormSubmissions1764496800000';

  async up(db: QueryRunner): Promise<void> {
    // Keyed hashes, not the IP or the address: the table needs to count them, never to show them.
    await db.query(`
      CREATE TABLE web_form_submissions (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        ip_key text NOT NULL,
        email_key text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX web_form_submissions_ip_idx ON web_form_submissions (ip_key, created_at)`);
    await db.query(`CREATE INDEX web_form_submissions_email_idx ON web_form_submissions (email_key, created_at)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE web_form_submissions`);
  }
}
