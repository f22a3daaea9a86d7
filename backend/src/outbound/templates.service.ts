import { Injectable, NotFoundException } from '@nestjs/common';
import { fillTemplate, type TemplateDto, type TemplateKind, type TemplateValues } from '@newsdesk/shared';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { RequestUser } from '../common/request-user.js';
import { isUuid } from '../common/ids.js';
import { EventsService } from '../events/events.service.js';
import type { CreateTemplateDto, UpdateTemplateDto } from './dto/template.dto.js';
import { markdownHtml } from './mail-text.js';
import type { Template } from './template.entity.js';
import { TemplatesRepository } from './templates.repository.js';
import { isUniqueViolation } from '../common/database-errors.js';
import { conflict } from '../common/http-errors.js';

// What a preview fills the placeholders with, so staff see the text as a journalist would.
const SAMPLE_VALUES: TemplateValues = { 'journalist.name': 'Élodie Martin', 'ticket.reference': 'ND-1001', 'ticket.deadline': 'Tue 16:00', 'officer.name': 'Maria Lopez' };

function previewHtml(body: string): string {
  return markdownHtml(fillTemplate(body, SAMPLE_VALUES, 'markdown'));
}

function toTemplateDto(template: Template): TemplateDto {
  return {
    id: template.id,
    kind: template.kind,
    name: template.name,
    body: template.body,
    previewHtml: previewHtml(template.body),
    language: template.language,
    active: template.active,
    updatedAt: template.updatedAt.toISOString(),
  };
}

/** Canned replies and the acknowledgement text; managed by admins and managers, read by everyone. */
@Injectable()
export class TemplatesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly events: EventsService,
    private readonly templates: TemplatesRepository,
  ) {}

  async list(kind?: TemplateKind): Promise<TemplateDto[]> {
    const templates = await this.templates.findAll(kind);
    return templates.map(toTemplateDto);
  }

  preview(body: string): { html: string } {
    return { html: previewHtml(body) };
  }

  async create(input: CreateTemplateDto, actor: RequestUser): Promise<TemplateDto> {
    const template = await this.dataSource
      .transaction(async (tx) => {
        const created = await this.templates.insert(tx, {
          kind: input.kind,
          name: input.name,
          body: input.body,
          language: input.language ?? null,
          active: input.active ?? true,
          createdById: actor.id,
        });
        await this.events.record({ type: 'template.created', entityType: 'template', entityId: created.id, actorId: actor.id, after: { kind: created.kind, name: created.name } }, tx);
        return created;
      })
      .catch((error: unknown) => {
        throw isUniqueViolation(error) ? conflict('duplicate', `A ${input.kind} template named "${input.name}" already exists`) : error;
      });
    return toTemplateDto(template);
  }

  async update(id: string, input: UpdateTemplateDto, actor: RequestUser): Promise<TemplateDto> {
    const saved = await this.dataSource.transaction(async (tx) => {
      const template = await this.find(id, tx);
      const before = { name: template.name, body: template.body, language: template.language, active: template.active };
      Object.assign(template, Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined)));
      const updated = await this.templates.save(tx, template).catch((error: unknown) => {
        throw isUniqueViolation(error) ? conflict('duplicate', `A ${template.kind} template with that name already exists`) : error;
      });
      await this.events.record({ type: 'template.updated', entityType: 'template', entityId: id, actorId: actor.id, before, after: { ...input } }, tx);
      return updated;
    });
    return toTemplateDto(saved);
  }

  async remove(id: string, actor: RequestUser): Promise<void> {
    await this.dataSource.transaction(async (tx) => {
      const template = await this.find(id, tx);
      await this.templates.delete(tx, id);
      await this.events.record({ type: 'template.deleted', entityType: 'template', entityId: id, actorId: actor.id, before: { kind: template.kind, name: template.name } }, tx);
    });
  }

  /** The locked row: a concurrent edit waits, so the event's "before" is what it replaced. */
  private async find(id: string, tx: EntityManager): Promise<Template> {
    const template = isUuid(id) ? await this.templates.lockById(tx, id) : null;
    if (!template) throw new NotFoundException('Template not found');
    return template;
  }
}
