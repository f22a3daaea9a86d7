import { request } from './client';

/** What `POST /api/journalists/:id/erase` reports (admins). */
export interface ErasureSummaryDto {
  journalistId: string;
  tickets: number;
  messages: number;
  rawMessages: number;
  attachments: number;
}

/** A JSON download of everything held about one journalist (admins; the server records the export). */
export function journalistExportUrl(id: string): string {
  return `/api/journalists/${encodeURIComponent(id)}/export`;
}

/** Irreversible: `confirm` repeats the journalist's email address. */
export function eraseJournalist(id: string, confirm: string): Promise<ErasureSummaryDto> {
  return request<ErasureSummaryDto>(`/api/journalists/${encodeURIComponent(id)}/erase`, { method: 'POST', body: { confirm } });
}
