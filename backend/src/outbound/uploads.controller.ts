import { BadRequestException, Controller, Post, Req } from '@nestjs/common';
import type { UploadDto } from '@newsdesk/shared';
import type { FastifyRequest } from 'fastify';
import { createHash } from 'node:crypto';
import { AttachmentStorage } from '../attachments/attachment-storage.js';
import { CurrentUser, type RequestUser } from '../common/request-user.js';
import { safeFilename } from '../intake/filenames.js';
import { UploadsRepository } from './uploads.repository.js';

export const MAX_UPLOAD_BYTES = 15 * 1024 * 1024;
const CONTENT_TYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]{0,126}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$/i;

/**
 * Files for the reply composer: the raw bytes as the body (application/octet-stream), the name in
 * `X-Filename` (percent-encoded UTF-8) and the type in `X-Content-Type`. Referenced later by id.
 */
@Controller('uploads')
export class UploadsController {
  constructor(
    private readonly uploads: UploadsRepository,
    private readonly storage: AttachmentStorage,
  ) {}

  @Post()
  async upload(@Req() request: FastifyRequest, @CurrentUser() user: RequestUser): Promise<UploadDto> {
    const body = request.body;
    if (!Buffer.isBuffer(body)) throw new BadRequestException('Send the file as the request body with Content-Type: application/octet-stream');
    if (!body.length) throw new BadRequestException('The file is empty');
    if (body.length > MAX_UPLOAD_BYTES) throw new BadRequestException(`The file is larger than ${MAX_UPLOAD_BYTES} bytes`);
    let name: string;
    try {
      name = decodeURIComponent(String(request.headers['x-filename'] ?? ''));
    } catch {
      throw new BadRequestException('X-Filename must be percent-encoded UTF-8');
    }
    const requestedType = String(request.headers['x-content-type'] ?? '').toLowerCase();
    const contentType = CONTENT_TYPE.test(requestedType) ? requestedType : 'application/octet-stream';
    const sha256 = createHash('sha256').update(body).digest('hex');
    await this.storage.put(sha256, body);
    const upload = await this.uploads.insert({ userId: user.id, filename: safeFilename(name, 'attachment'), contentType, size: body.length, sha256 });
    return { id: upload.id, filename: upload.filename, contentType: upload.contentType, size: upload.size };
  }
}
