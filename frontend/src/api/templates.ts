import type { TemplateDto, TemplateKind } from '@newsdesk/shared';
import { request, send } from './client';

export function listTemplates(kind: TemplateKind | undefined, signal?: AbortSignal): Promise<TemplateDto[]> {
  return request<TemplateDto[]>('/api/templates', { query: { kind }, signal });
}

export interface TemplateInput {
  kind: TemplateKind;
  name: string;
  body: string;
  language?: string | null;
  active?: boolean;
}

export function createTemplate(template: TemplateInput): Promise<TemplateDto> {
  return request<TemplateDto>('/api/templates', { method: 'POST', body: template });
}

export function updateTemplate(id: string, patch: Partial<Omit<TemplateInput, 'kind'>>): Promise<TemplateDto> {
  return request<TemplateDto>(`/api/templates/${encodeURIComponent(id)}`, { method: 'PATCH', body: patch });
}

export function deleteTemplate(id: string): Promise<void> {
  return send(`/api/templates/${encodeURIComponent(id)}`, { method: 'DELETE' });
}

/** The body rendered by the server with sample values (sanitised HTML), before it is saved. */
export function previewTemplate(body: string): Promise<{ html: string }> {
  return request<{ html: string }>('/api/templates/preview', { method: 'POST', body: { body } });
}
