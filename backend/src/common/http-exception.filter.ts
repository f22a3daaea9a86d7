import { ArgumentsHost, Catch, HttpException, HttpStatus, type ExceptionFilter } from '@nestjs/common';
import type { ErrorBody, ErrorCode } from '@newsdesk/shared';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { redactUrlSecrets } from './logger.js';
import { databaseHttpError } from './database-errors.js';

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** Turns every error into the one ErrorBody shape, with the request's correlation id. */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost) {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    // A database refusal (duplicate, missing reference, lost race) is the client's 409 or a retryable 503, not our 500.
    const error = databaseHttpError(exception) ?? exception;
    const body = this.toBody(error, String(request.id));
    if (body.statusCode >= 500) {
      this.logger.error({ err: exception, reqId: request.id, url: redactUrlSecrets(request.url) }, 'request failed');
    }
    const headers = error instanceof HttpException ? (error.getResponse() as { headers?: Record<string, string> }).headers : undefined;
    if (headers) reply.headers(headers);
    void reply.status(body.statusCode).header('content-type', 'application/json; charset=utf-8').send(body);
  }

  private toBody(exception: unknown, correlationId: string): ErrorBody {
    if (exception instanceof HttpException) {
      const statusCode = exception.getStatus();
      const response = exception.getResponse();
      const base = { statusCode, error: REASONS[statusCode] ?? 'Error', correlationId };
      if (typeof response === 'string') return { ...base, message: response };
      const { message, details, code } = response as { message?: string | string[]; details?: ErrorBody['details']; code?: ErrorCode };
      return {
        ...base,
        message: Array.isArray(message) ? message.join('; ') : (message ?? exception.message),
        ...(details ? { details } : {}),
        ...(code ? { code } : {}),
      };
    }
    // Fastify's own errors (bad JSON, body too large, unsupported media type) carry a 4xx statusCode.
    const fastifyError = exception as { statusCode?: number; message?: string };
    if (typeof fastifyError?.statusCode === 'number' && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
      return {
        statusCode: fastifyError.statusCode,
        error: REASONS[fastifyError.statusCode] ?? 'Error',
        message: fastifyError.message ?? 'Bad request',
        correlationId,
      };
    }
    return {
      statusCode: HttpStatus.INTERNAL_SERVER_ERROR,
      error: REASONS[500],
      message: 'Something went wrong on our side. Quote the correlation id when reporting it.',
      correlationId,
    };
  }
}
