import type { MultipartFile } from '@fastify/multipart';
import { BadRequestException, HttpException, HttpStatus } from '@nestjs/common';
import type { ErrorBody } from '@newsdesk/shared';
import type { FastifyRequest } from 'fastify';
import { createValidationPipe } from '../common/validation.js';
import type { AppConfig } from '../config/app-config.js';
import { CreatePublicInquiryDto, deadlineProblem } from './dto/create-public-inquiry.dto.js';
import type { InquiryAttachment } from './inquiry-mail.js';

type FieldProblem = NonNullable<ErrorBody['details']>[number];

export interface InquirySubmission {
  inquiry: CreatePublicInquiryDto;
  attachments: InquiryAttachment[];
}

export const ATTACHMENTS_FIELD = 'attachments';
/** Per text field; above every DTO MaxLength even at 4 bytes a character, so an oversized value fails there. */
const FIELD_BYTES = 128 * 1024;
const CONTENT_TYPE = /^[a-z0-9!#$&^_.+-]{1,64}\/[a-z0-9!#$&^_.+-]{1,128}$/i;

interface AttachmentLimits {
  count: number;
  bytes: number;
  totalBytes: number;
}

const pipe = createValidationPipe();

function megabytes(bytes: number): string {
  const value = bytes / (1024 * 1024);
  return value >= 1 ? `${Number.isInteger(value) ? value : value.toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`;
}

/** Reads the form from multipart/form-data (with attachments) or a JSON body, and validates it at `now`; 400 lists every problem. */
export async function readInquirySubmission(request: FastifyRequest, config: AppConfig, now: Date): Promise<InquirySubmission> {
  const limits = { count: config.WEB_FORM_MAX_ATTACHMENTS, bytes: config.WEB_FORM_MAX_ATTACHMENT_BYTES, totalBytes: config.WEB_FORM_MAX_TOTAL_BYTES };
  if (request.isMultipart()) {
    const { fields, attachments, problems } = await readMultipart(request, limits);
    return { inquiry: await validateInquiry(fields, problems, now), attachments };
  }
  const body = request.body ?? {};
  if (typeof body !== 'object' || Array.isArray(body)) {
    throw new BadRequestException('Send the inquiry as multipart/form-data or as a JSON object');
  }
  return { inquiry: await validateInquiry(body, [], now), attachments: [] };
}

async function readMultipart(request: FastifyRequest, limits: AttachmentLimits) {
  const fields: Record<string, string | string[]> = {};
  const attachments: InquiryAttachment[] = [];
  const problems = new Map<string, string[]>();
  const problem = (field: string, message: string) => problems.set(field, [...(problems.get(field) ?? []), message]);
  let files = 0;
  let total = 0;
  try {
    const parts = request.parts({
      limits: { fieldSize: FIELD_BYTES, fields: 40, files: limits.count + 10, fileSize: limits.bytes, parts: limits.count + 60, headerPairs: 100 },
    });
    for await (const part of parts) {
      if (part.type === 'field') {
        const previous = fields[part.fieldname];
        const value = String(part.value);
        fields[part.fieldname] = previous === undefined ? value : ([] as string[]).concat(previous, value);
        continue;
      }
      const { content, truncated } = await readFile(part.file, limits.bytes);
      if (part.fieldname !== ATTACHMENTS_FIELD) {
        problem(part.fieldname, `Files can only be sent as ${ATTACHMENTS_FIELD}`);
        continue;
      }
      // An empty file input still sends a part with no name and no bytes.
      if (!part.filename && content.length === 0) continue;
      const filename = (part.filename || `attachment-${files + 1}`).slice(-200);
      files += 1;
      if (files > limits.count) continue;
      if (truncated) {
        problem(ATTACHMENTS_FIELD, `"${filename}" is too large: each file can be at most ${megabytes(limits.bytes)}`);
        continue;
      }
      if (content.length === 0) {
        problem(ATTACHMENTS_FIELD, `"${filename}" is empty`);
        continue;
      }
      total += content.length;
      attachments.push({ filename, contentType: CONTENT_TYPE.test(part.mimetype) ? part.mimetype.toLowerCase() : 'application/octet-stream', content });
    }
  } catch (error) {
    throw multipartError(error, limits);
  }
  if (files > limits.count) {
    problem(ATTACHMENTS_FIELD, limits.count === 0 ? 'This form does not take attachments' : `Attach at most ${limits.count} file${limits.count === 1 ? '' : 's'} (you chose ${files})`);
  }
  if (total > limits.totalBytes) {
    problem(ATTACHMENTS_FIELD, `The attachments add up to ${megabytes(total)}; together they can be at most ${megabytes(limits.totalBytes)}`);
  }
  return { fields, attachments: problems.size ? [] : attachments, problems: [...problems].map(([field, messages]) => ({ field, messages })) };
}

async function readFile(stream: MultipartFile['file'], limit: number): Promise<{ content: Buffer; truncated: boolean }> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    size += chunk.length;
    // Past the limit the parser stops delivering; what came is drained, never kept.
    if (size <= limit) chunks.push(chunk);
  }
  return { content: Buffer.concat(chunks), truncated: stream.truncated || size > limit };
}

function multipartError(error: unknown, limits: AttachmentLimits): unknown {
  if (error instanceof HttpException) return error;
  const code = (error as { code?: string }).code;
  if (code === 'FST_FILES_LIMIT') {
    return new BadRequestException({
      message: `Attach at most ${limits.count} files`,
      details: [{ field: ATTACHMENTS_FIELD, messages: [`Attach at most ${limits.count} files`] }],
    });
  }
  if (code === 'FST_FIELDS_LIMIT' || code === 'FST_PARTS_LIMIT') {
    return new HttpException('The form has too many fields or files', HttpStatus.PAYLOAD_TOO_LARGE);
  }
  const reason = error instanceof Error ? error.message : String(error);
  return new BadRequestException(`The form data could not be read (${reason}); send it again as multipart/form-data`);
}

/** The global validation pipe's rules on the assembled fields, one message per field (the most basic problem). */
async function validateInquiry(fields: object, problems: FieldProblem[], now: Date): Promise<CreatePublicInquiryDto> {
  let inquiry: CreatePublicInquiryDto | null = null;
  let details: FieldProblem[] = [];
  try {
    inquiry = (await pipe.transform(fields, { type: 'body', metatype: CreatePublicInquiryDto })) as CreatePublicInquiryDto;
  } catch (error) {
    if (!(error instanceof BadRequestException)) throw error;
    details = (error.getResponse() as { details?: FieldProblem[] }).details ?? [];
  }
  const deadline = deadlineProblem(fields, new Set(details.map((detail) => detail.field)), now);
  const all = [...details.map(({ field, messages }) => ({ field, messages: messages.slice(0, 1) })), ...(deadline ? [deadline] : []), ...problems];
  if (all.length || !inquiry) {
    throw new BadRequestException({ message: all.flatMap((detail) => detail.messages).join('; ') || 'Invalid inquiry', details: all });
  }
  return inquiry;
}
