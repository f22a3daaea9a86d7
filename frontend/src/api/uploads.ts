import type { UploadDto } from '@newsdesk/shared';
import { request } from './client';

/** A file for the reply composer: raw bytes, its name percent-encoded in a header. */
export function uploadFile(file: File): Promise<UploadDto> {
  return request<UploadDto>('/api/uploads', {
    method: 'POST',
    rawBody: file,
    headers: { 'x-filename': encodeURIComponent(file.name), 'x-content-type': file.type || 'application/octet-stream' },
  });
}

/** Where the browser downloads an attachment (always served as a download). */
export function attachmentUrl(id: string): string {
  return `/api/attachments/${encodeURIComponent(id)}`;
}
