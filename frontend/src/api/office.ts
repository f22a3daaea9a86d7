import type { OfficeDto } from '@newsdesk/shared';
import { request } from './client';

export function getOffice(signal?: AbortSignal): Promise<OfficeDto> {
  return request<OfficeDto>('/api/office', { signal });
}
