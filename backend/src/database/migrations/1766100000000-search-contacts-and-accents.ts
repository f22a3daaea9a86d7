import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Search finds what people type: text without its accents (unaccent through an IMMUTABLE wrapper,
 * usable in the generated column), and the journalist's and outlet's names and addresses, kept on
 * the ticket (`search_contacts`, maintained by triggers) so search stays one GIN lookup.
 * The search vector is rebuilt: one rewrite of the tickets table and its indexes (about 50 s for
 * 100k tickets here, so several minutes at 1M), holding its lock meanwhile.
 */
export class SearchContactsAndAccents1766100000000 implements MigrationInterface {
  name = 'SearchContactsAndAccents1766100000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE EXTENSION IF NOT EXISTS unaccent`);
    const [{ schema }] = (await db.query(`SELECT extnamespace::regnamespace::text AS schema FROM pg_extension WHERE extname = 'unaccent'`)) as { schema: string }[];
    // unaccent() is only STABLE (its dictionary could change); naming the dictionary makes this wrapper safe to mark IMMUTABLE.
    await db.query(`
      CREATE FUNCTION search_fold(value text) RETURNS text
      LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
      AS $$ SELECT ${schema}.unaccent('${schema}.unaccent'::regdictionary, value) $$`);
    // An address as words people type: whole, local part, domain, and each piece between punctuation.
    await db.query(`
      CREATE FUNCTION address_search_text(address text) RETURNS text
      LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
      AS $$ SELECT concat_ws(' ', address, split_part(address, '@', 1), split_part(address, '@', 2), regexp_replace(address, '[^[:alnum:]-]+', ' ', 'g')) $$`);
    await db.query(`
      CREATE FUNCTION contact_search_text(journalist uuid, outlet uuid) RETURNS text
      LANGUAGE sql STABLE PARALLEL SAFE
      AS $$ SELECT left(concat_ws(' ',
               (SELECT concat_ws(' ', j.name, address_search_text(j.email), (SELECT string_agg(address_search_text(a), ' ') FROM unnest(j.aliases) a))
                  FROM journalists j WHERE j.id = journalist),
               (SELECT concat_ws(' ', o.name, (SELECT string_agg(address_search_text('@' || d), ' ') FROM unnest(o.domains) d))
                  FROM outlets o WHERE o.id = outlet)), 4096) $$`);

    await db.query(`ALTER TABLE tickets DROP COLUMN search_vector, ADD COLUMN search_contacts text NOT NULL DEFAULT ''`);
    // One rewrite of the table fills the contacts and computes the new vector from them (an UPDATE
    // would first add a row version to every index: three times slower on 100k tickets).
    await db.query(`
      ALTER TABLE tickets
        ALTER COLUMN search_contacts TYPE text USING contact_search_text(journalist_id, outlet_id),
        ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
          setweight(to_tsvector('simple', search_fold(subject)), 'A')
          || setweight(to_tsvector('simple', search_fold(search_contacts)), 'B')
          || to_tsvector('simple', search_fold(left(search_text, 16384)))
        ) STORED`);
    await db.query(`CREATE INDEX tickets_search_idx ON tickets USING gin (search_vector)`);

    await db.query(`
      CREATE FUNCTION tickets_search_contacts() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        NEW.search_contacts := contact_search_text(NEW.journalist_id, NEW.outlet_id);
        RETURN NEW;
      END $$`);
    await db.query(`
      CREATE TRIGGER tickets_search_contacts BEFORE INSERT OR UPDATE OF journalist_id, outlet_id, search_contacts ON tickets
      FOR EACH ROW EXECUTE FUNCTION tickets_search_contacts()`);
    // A renamed, re-addressed, merged or erased contact changes the search text of its tickets.
    await db.query(`
      CREATE FUNCTION journalists_search_contacts() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE tickets SET search_contacts = '' WHERE journalist_id = NEW.id;
        RETURN NULL;
      END $$`);
    await db.query(`
      CREATE TRIGGER journalists_search_contacts AFTER UPDATE OF name, email, aliases ON journalists FOR EACH ROW
      WHEN ((OLD.name, OLD.email, OLD.aliases) IS DISTINCT FROM (NEW.name, NEW.email, NEW.aliases))
      EXECUTE FUNCTION journalists_search_contacts()`);
    await db.query(`
      CREATE FUNCTION outlets_search_contacts() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE tickets SET search_contacts = '' WHERE outlet_id = NEW.id;
        RETURN NULL;
      END $$`);
    await db.query(`
      CREATE TRIGGER outlets_search_contacts AFTER UPDATE OF name, domains ON outlets FOR EACH ROW
      WHEN ((OLD.name, OLD.domains) IS DISTINCT FROM (NEW.name, NEW.domains))
      EXECUTE FUNCTION outlets_search_contacts()`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TRIGGER outlets_search_contacts ON outlets`);
    await db.query(`DROP FUNCTION outlets_search_contacts()`);
    await db.query(`DROP TRIGGER journalists_search_contacts ON journalists`);
    await db.query(`DROP FUNCTION journalists_search_contacts()`);
    await db.query(`DROP TRIGGER tickets_search_contacts ON tickets`);
    await db.query(`DROP FUNCTION tickets_search_contacts()`);
    await db.query(`ALTER TABLE tickets DROP COLUMN search_vector, DROP COLUMN search_contacts`);
    await db.query(`
      ALTER TABLE tickets ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple', subject), 'A') || to_tsvector('simple', left(search_text, 16384))
      ) STORED`);
    await db.query(`CREATE INDEX tickets_search_idx ON tickets USING gin (search_vector)`);
    await db.query(`DROP FUNCTION contact_search_text(uuid, uuid)`);
    await db.query(`DROP FUNCTION address_search_text(text)`);
    await db.query(`DROP FUNCTION search_fold(text)`);
    await db.query(`DROP EXTENSION IF EXISTS unaccent`);
  }
}
