import type { TicketDetailDto, UpdateTicketRequest } from '@newsdesk/shared';

/** Saves one change to the ticket at once; `onSaved` gets the ticket as stored. */
export type SaveTicket = (patch: UpdateTicketRequest, onSaved?: (after: TicketDetailDto) => void) => void;

/** What every field of the Details panel gets: the ticket, a way to save, and whether a save is running. */
export interface PropertyFieldProps {
  id: string;
  ticket: TicketDetailDto;
  save: SaveTicket;
  saving: boolean;
}
