import type { TicketDetailDto } from '@newsdesk/shared';
import type { TicketPatch } from '../../../../api/tickets';

/** Saves one change to the ticket at once; `onSaved` gets the ticket as stored. */
export type SaveTicket = (patch: TicketPatch, onSaved?: (after: TicketDetailDto) => void) => void;

/** What every field of the Details panel gets: the ticket, a way to save, and whether a save is running. */
export interface PropertyFieldProps {
  id: string;
  ticket: TicketDetailDto;
  save: SaveTicket;
  saving: boolean;
}
