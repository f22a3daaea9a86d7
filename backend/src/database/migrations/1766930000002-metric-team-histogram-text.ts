import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Team × outlet histograms keep the text a merged read sends, as `c{bins}{counts}` (histogram-merge.ts: counts, not
 * running totals, written by the arrays' own output functions, about 10 µs a histogram; the running totals of
 * `merge_text` take the SQL function metrics_cumulative, several times that). Written at read time, the text of a
 * team by outlet over 13 months at 1M tickets (7,959 histograms, quarters of ~120 bins among them: 2.5 MB) was 59 ms of
 * its 84 ms statement. A stored generated column rewrites the table (at 1M tickets, 18 million histograms: a few
 * minutes); only the team rows compute it.
 */
export class MetricTeamHistogramText1766930000002 implements MigrationInterface {
  name = 'MetricTeamHistogramText1766930000002';

  async up(db: QueryRunner): Promise<void> {
    // Immutable as a generated column needs (an array's text is only stable in general, as its elements' may depend on
    // settings; integers' do not), like metrics_histogram_text.
    await db.query(`
      CREATE FUNCTION metrics_histogram_counts_text(bins smallint[], counts integer[]) RETURNS text
      LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT 'c' || bins::text || counts::text $$`);
    await db.query(`
      ALTER TABLE metric_rollup_histograms ADD COLUMN merge_counts text STORAGE MAIN
        GENERATED ALWAYS AS (CASE WHEN dimension = 'team_outlet' THEN metrics_histogram_counts_text(bins, counts) END) STORED`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE metric_rollup_histograms DROP COLUMN merge_counts`);
    await db.query(`DROP FUNCTION metrics_histogram_counts_text`);
  }
}
