import type { OutletSummaryDto } from '@newsdesk/shared';

/** One option an outlet, by name (journalist record, queue filter, logged inquiry). */
export function OutletOptions({ outlets }: { outlets: OutletSummaryDto[] | undefined }) {
  return outlets?.map((outlet) => (
    <option key={outlet.id} value={outlet.id}>
      {outlet.name}
    </option>
  ));
}
