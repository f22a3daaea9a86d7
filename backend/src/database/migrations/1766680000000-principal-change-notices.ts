import type { MigrationInterface, QueryRunner } from 'typeorm';

const USER_ID_TABLES = ['sessions', 'api_tokens', 'totp_credentials'];

/**
 * Each replica caches who a session cookie or API token belongs to (auth/principal-cache.ts). Any
 * change to what that answer depends on (a session ended or touched, a token revoked, a second factor
 * confirmed or reset, a user deactivated, renamed, given another role or a new password) NOTIFYs
 * `newsdesk_auth` with the user's id on commit, so every replica forgets that user's entries. Triggers,
 * not calls in the services: no code path (the CLI, an operator's SQL) can change a principal silently.
 */
export class PrincipalChangeNotices1766680000000 implements MigrationInterface {
  name = 'PrincipalChangeNotices1766680000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE FUNCTION notify_principal_change_by_user_id() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP IN ('UPDATE', 'DELETE') THEN PERFORM pg_notify('newsdesk_auth', OLD.user_id::text); END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') THEN PERFORM pg_notify('newsdesk_auth', NEW.user_id::text); END IF;
        RETURN NULL;
      END $$`);
    await db.query(`
      CREATE FUNCTION notify_principal_change_of_user() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('newsdesk_auth', OLD.id::text);
        RETURN NULL;
      END $$`);
    for (const table of USER_ID_TABLES) {
      await db.query(
        `CREATE TRIGGER ${table}_principal_change AFTER INSERT OR UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION notify_principal_change_by_user_id()`,
      );
    }
    await db.query(`CREATE TRIGGER users_principal_change AFTER UPDATE OR DELETE ON users FOR EACH ROW EXECUTE FUNCTION notify_principal_change_of_user()`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TRIGGER users_principal_change ON users`);
    for (const table of USER_ID_TABLES) await db.query(`DROP TRIGGER ${table}_principal_change ON ${table}`);
    await db.query(`DROP FUNCTION notify_principal_change_of_user()`);
    await db.query(`DROP FUNCTION notify_principal_change_by_user_id()`);
  }
}
