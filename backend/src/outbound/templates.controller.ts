import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { TEMPLATE_KINDS, type TemplateDto, type TemplateKind } from '@newsdesk/shared';
import { IsIn, IsOptional } from 'class-validator';
import { UuidParam } from '../common/dto/uuid.param.js';
import { Roles } from '../auth/roles.decorator.js';
import { CurrentUser, type RequestUser } from '../common/request-user.js';
import { CreateTemplateDto, PreviewTemplateDto, UpdateTemplateDto } from './dto/template.dto.js';
import { TemplatesService } from './templates.service.js';

class ListTemplatesQuery {
  @IsOptional()
  @IsIn(TEMPLATE_KINDS, { message: `kind must be one of: ${TEMPLATE_KINDS.join(', ')}` })
  kind?: TemplateKind;
}

@Controller('templates')
export class TemplatesController {
  constructor(private readonly templates: TemplatesService) {}

  @Get()
  list(@Query() query: ListTemplatesQuery): Promise<TemplateDto[]> {
    return this.templates.list(query.kind);
  }

  @Roles('admin', 'manager')
  @Post()
  create(@Body() body: CreateTemplateDto, @CurrentUser() user: RequestUser): Promise<TemplateDto> {
    return this.templates.create(body, user);
  }

  /** The text as a journalist would read it, with sample values: what the editor previews before saving. */
  @Roles('admin', 'manager')
  @Post('preview')
  @HttpCode(200)
  preview(@Body() body: PreviewTemplateDto): { html: string } {
    return this.templates.preview(body.body);
  }

  @Roles('admin', 'manager')
  @Patch(':id')
  update(@Param() { id }: UuidParam, @Body() body: UpdateTemplateDto, @CurrentUser() user: RequestUser): Promise<TemplateDto> {
    return this.templates.update(id, body, user);
  }

  @Roles('admin', 'manager')
  @Delete(':id')
  @HttpCode(204)
  remove(@Param() { id }: UuidParam, @CurrentUser() user: RequestUser): Promise<void> {
    return this.templates.remove(id, user);
  }
}
