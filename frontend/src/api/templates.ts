import type { CreateTemplateRequest, TemplateDto, TemplateKind, UpdateTemplateRequest } from '@newsdesk/shared';
import { request, send } from './client';

export function listTemplates(kind: TemplateKind | undefined, signal?: AbortSignal): Promise<TemplateDto[]> {
  return request<TemplateDto[]>('/api/templates', { query: { kind }, signal });
}

export function createTemplate(template: CreateTemplateRequest): Promise<TemplateDto> {
  return request<TemplateDto>('/api/templates', { method: 'POST', body: template });
}

export function updateTemplate(id: string, patch: UpdateTemplateRequest): Promise<TemplateDto> {
  return request<TemplateDto>(`/api/templates/${encodeURIComponent(id)}`, { method: 'PATCH', body: patch });
}

export function deleteTemplate(id: string): Promise<void> {
  return send(`/api/templates/${encodeURIComponent(id)}`, { method: 'DELETE' });
}

/** The body rendered by the server with sample values (sanitised HTML), before it is saved. */
export function previewTemplate(body: string): Promise<{ html: string }> {
  return request<{ html: string }>('/api/templates/preview', { method: 'POST', body: { body } });
}
