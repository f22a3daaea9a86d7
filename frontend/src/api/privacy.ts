import type { ErasureSummaryDto } from '@newsdesk/shared';
import { request } from './client';

/** A JSON download of everything held about one journalist (admins; the server records the export). */
export function journalistExportUrl(id: string): string {
  return `/api/journalists/${encodeURIComponent(id)}/export`;
}

/** Irreversible: `confirm` repeats the journalist's email address. */
export function eraseJournalist(id: string, confirm: string): Promise<ErasureSummaryDto> {
  return request<ErasureSummaryDto>(`/api/journalists/${encodeURIComponent(id)}/erase`, { method: 'POST', body: { confirm } });
}
