import { Body, Controller, Get, Post, Req, Res, UseGuards } from '@nestjs/common';
import type { SessionDto, SetupStatusDto } from '@newsdesk/shared';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { SetupDto } from './dto/setup.dto.js';
import { SameOriginJsonGuard } from './origin.guard.js';
import { Public } from './public.decorator.js';
import { SetupService } from './setup.service.js';

@Controller('setup')
export class SetupController {
  constructor(private readonly setup: SetupService) {}

  @Public()
  @Get('status')
  async status(): Promise<SetupStatusDto> {
    return { needed: await this.setup.isNeeded() };
  }

  @Public()
  @UseGuards(SameOriginJsonGuard)
  @Post()
  complete(@Body() body: SetupDto, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<SessionDto> {
    return this.setup.complete(body, request, reply);
  }
}
