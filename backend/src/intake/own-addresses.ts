import type { SenderStandingRow } from './intake-lookups.repository.js';

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

/** The standing from the looked-up row; the own-address list comes from configuration (INTAKE_ADDRESSES + INTAKE_OWN_ADDRESSES). */
export function senderStanding(sender: string | null, row: SenderStandingRow | undefined, ownAddresses: readonly string[]): SenderStanding {
  if (!sender) return { own: false, staff: false, knownJournalist: false };
  return { own: ownAddresses.includes(sender.toLowerCase()), staff: row?.staff ?? false, knownJournalist: row?.known ?? false };
}
