import { ArrayMaxSize, ArrayNotEmpty, IsArray, Matches } from 'class-validator';

/** A ticket id or its reference (`ND-1042`), as `TicketsService.findAccessible` takes them. */
export const TICKET_ID_OR_REFERENCE = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|ND-\d{1,18})$/i;

/** Most tickets one request links to a story. */
export const MAX_TICKETS_PER_REQUEST = 500;

/** Validation of a `ticketIds` list; `required` adds "must not be empty". */
export function TicketIds(required: boolean): PropertyDecorator {
  return (target, key) => {
    IsArray({ message: 'ticketIds must be a list of ticket ids or references' })(target, key);
    if (required) ArrayNotEmpty({ message: 'ticketIds must name at least one ticket' })(target, key);
    ArrayMaxSize(MAX_TICKETS_PER_REQUEST, { message: `ticketIds may name at most ${MAX_TICKETS_PER_REQUEST} tickets` })(target, key);
    Matches(TICKET_ID_OR_REFERENCE, { each: true, message: 'each of ticketIds must be a ticket id or a reference like ND-1042' })(target, key);
  };
}
