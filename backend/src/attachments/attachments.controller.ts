import { Controller, Get, Param, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { AttachmentsService } from './attachments.service.js';
import { UuidParam } from '../common/dto/uuid.param.js';

/** RFC 6266 filename parameters: an ASCII fallback plus the exact UTF-8 name. */
function contentDisposition(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

@Controller('attachments')
export class AttachmentsController {
  constructor(private readonly attachments: AttachmentsService) {}

  /** Always a download, never active content on our origin. */
  @Get(':id')
  async download(@Param() { id }: UuidParam, @Res() reply: FastifyReply): Promise<void> {
    const { attachment, data } = await this.attachments.download(id);
    await reply
      .header('content-type', 'application/octet-stream')
      .header('content-disposition', contentDisposition(attachment.filename))
      .header('x-content-type-options', 'nosniff')
      .header('content-security-policy', "default-src 'none'; sandbox")
      .header('cache-control', 'private, no-store')
      .send(data);
  }
}
