import type { EntityManager } from 'typeorm';

/** Who a From address claims to be, as far as intake's trust decisions go. */
export interface SenderStanding {
  /** One of this office's own addresses (intake addresses, which are also our outbound From, and aliases). */
  own: boolean;
  /** A staff user's address. */
  staff: boolean;
  /** A journalist we already know (by address or merged alias). */
  knownJournalist: boolean;
}

export const OWN_ADDRESS_REASON = 'claims to come from this office';

/** Looks the sender up once; the own-address list comes from configuration (INTAKE_ADDRESSES + INTAKE_OWN_ADDRESSES). */
export async function senderStanding(tx: EntityManager, sender: string | null, ownAddresses: readonly string[]): Promise<SenderStanding> {
  if (!sender) return { own: false, staff: false, knownJournalist: false };
  const address = sender.toLowerCase();
  const [row] = (await tx.query(
    `SELECT EXISTS (SELECT 1 FROM users WHERE email = $1) AS staff,
            EXISTS (SELECT 1 FROM journalists WHERE email = $1 OR aliases @> ARRAY[$1]::text[]) AS known`,
    [address],
  )) as { staff: boolean; known: boolean }[];
  return { own: ownAddresses.includes(address), staff: row.staff, knownJournalist: row.known };
}
