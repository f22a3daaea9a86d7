import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { ResponseTargetDto } from '@newsdesk/shared';
import { DataSource } from 'typeorm';
import { isUuid } from '../common/ids.js';
import type { RequestUser } from '../common/request-user.js';
import { EventsService } from '../events/events.service.js';
import { TicketRecordsService } from '../tickets/ticket-records.service.js';
import type { CreateResponseTargetDto, UpdateResponseTargetDto } from './dto/response-target.dto.js';
import { TargetsRepository, type ResponseTargetRow } from './targets.repository.js';
import { conflict } from '../common/http-errors.js';

export function toResponseTargetDto(row: ResponseTargetRow): ResponseTargetDto {
  return { id: row.id, tier: row.tier, requestType: row.request_type, minutes: row.minutes, updatedAt: row.updated_at.toISOString() };
}

const scopeOf = (row: { tier: string | null; request_type: string | null }) => ({ tier: row.tier, requestType: row.request_type });

/**
 * First-response targets (docs/metrics.md, "Response targets"). Admins set them; a change applies
 * to tickets still waiting for a first reply, in the same transaction as its audit event.
 */
@Injectable()
export class TargetsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: TargetsRepository,
    private readonly events: EventsService,
    private readonly tickets: TicketRecordsService,
  ) {}

  async list(): Promise<ResponseTargetDto[]> {
    return (await this.repository.list(this.dataSource)).map(toResponseTargetDto);
  }

  async create(input: CreateResponseTargetDto, user: RequestUser): Promise<ResponseTargetDto> {
    const tier = input.tier ?? null;
    const requestType = input.requestType ?? null;
    const row = await this.dataSource.transaction(async (tx) => {
      await this.repository.lockTargets(tx);
      const created = await this.repository.insert(tx, tier, requestType, input.minutes);
      if (!created) throw conflict('duplicate', `A target for ${describeScope(tier, requestType)} exists already: change its minutes instead`);
      await this.events.record(
        { type: 'response_target.created', entityType: 'response_target', entityId: created.id, actorId: user.id, after: { ...scopeOf(created), minutes: created.minutes } },
        tx,
      );
      await this.tickets.recomputeWaitingTargets(tx);
      return created;
    });
    return toResponseTargetDto(row);
  }

  async update(id: string, input: UpdateResponseTargetDto, user: RequestUser): Promise<ResponseTargetDto> {
    const row = await this.dataSource.transaction(async (tx) => {
      await this.repository.lockTargets(tx);
      const before = isUuid(id) ? await this.repository.find(tx, id, true) : null;
      if (!before) throw new NotFoundException(`Response target ${id} not found`);
      await this.repository.setMinutes(tx, id, input.minutes);
      await this.events.record(
        {
          type: 'response_target.updated',
          entityType: 'response_target',
          entityId: id,
          actorId: user.id,
          before: { ...scopeOf(before), minutes: before.minutes },
          after: { ...scopeOf(before), minutes: input.minutes },
        },
        tx,
      );
      await this.tickets.recomputeWaitingTargets(tx);
      return (await this.repository.find(tx, id))!;
    });
    return toResponseTargetDto(row);
  }

  async remove(id: string, user: RequestUser): Promise<void> {
    await this.dataSource.transaction(async (tx) => {
      await this.repository.lockTargets(tx);
      const before = isUuid(id) ? await this.repository.find(tx, id, true) : null;
      if (!before) throw new NotFoundException(`Response target ${id} not found`);
      await this.repository.remove(tx, id);
      await this.events.record(
        { type: 'response_target.deleted', entityType: 'response_target', entityId: id, actorId: user.id, before: { ...scopeOf(before), minutes: before.minutes } },
        tx,
      );
      await this.tickets.recomputeWaitingTargets(tx);
    });
  }
}

function describeScope(tier: string | null, requestType: string | null): string {
  if (tier && requestType) return `tier ${tier} and request type ${requestType}`;
  if (tier) return `tier ${tier}`;
  if (requestType) return `request type ${requestType}`;
  return 'every ticket (the default)';
}
