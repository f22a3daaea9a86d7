import { Controller, Get, Res } from '@nestjs/common';
import type { HealthDto } from '@newsdesk/shared';
import type { FastifyReply } from 'fastify';
import { Public } from '../auth/public.decorator.js';
import { HealthService } from './health.service.js';

@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  @Public()
  @Get()
  async check(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthDto> {
    const health = await this.health.check();
    if (health.status !== 'ok') void reply.status(503);
    return health;
  }
}
