import type { EntityManager } from 'typeorm';

/**
 * Which configured rule, if any, requires approval before a reply on this ticket goes out:
 * every statement, a topic (ticket tag), or an outlet tier. Returns a readable reason or null.
 */
export async function approvalRequirement(tx: EntityManager, ticketId: string, isStatement: boolean): Promise<string | null> {
  const [rule] = (await tx.query(
    `SELECT r.kind, r.value
       FROM approval_rules r, tickets t LEFT JOIN outlets o ON o.id = t.outlet_id
      WHERE t.id = $1
        AND ((r.kind = 'all_statements' AND $2)
          OR (r.kind = 'topic' AND r.value = ANY(t.tags))
          OR (r.kind = 'outlet_tier' AND r.value = o.tier))
      ORDER BY r.kind LIMIT 1`,
    [ticketId, isStatement],
  )) as { kind: string; value: string | null }[];
  if (!rule) return null;
  if (rule.kind === 'all_statements') return 'every statement needs approval';
  if (rule.kind === 'topic') return `topic "${rule.value}" needs approval`;
  return `${rule.value} outlets need approval`;
}
