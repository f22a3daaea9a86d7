import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import multipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import { BadRequestException } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import type { IncomingMessage, Server } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from 'pino';
import { AppModule } from './app.module.js';
import { AllExceptionsFilter } from './common/http-exception.filter.js';
import { PinoNestLogger } from './common/logger.js';
import { isApiPath } from './common/request-path.js';
import { createValidationPipe } from './common/validation.js';
import { findUnpairedSurrogate, unpairedSurrogateMessage } from './common/well-formed-text.js';
import type { AppConfig } from './config/app-config.js';
import type { AppSecrets } from './config/app-secrets.js';
import type { DnsResolver } from './intake/dns-resolver.js';
import { setupOpenApi } from './openapi.js';

export interface AppContext {
  config: AppConfig;
  secrets: AppSecrets;
  databaseUrl: string;
  logger: Logger;
  /** DNS for sender authentication; the system resolver unless given. */
  dnsResolver?: DnsResolver;
}

const FRONTEND_DIST = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'frontend', 'dist');
const REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;
/** The public inquiry form: the one page other sites may frame (FORM_FRAME_ANCESTORS). */
const FORM_PAGE = 'inquiry.html';
const BODY_LIMIT = 1024 * 1024;
const FORM_PATHS = new Set(['/inquiry', `/${FORM_PAGE}`]);

/** Builds the HTTP application (API, OpenAPI, dashboard) without listening. Shared by main.ts and the tests. */
export async function createApp(context: AppContext): Promise<NestFastifyApplication> {
  const { config, secrets, logger } = context;
  const adapter = new FastifyAdapter({
    loggerInstance: logger.child({ component: 'http' }),
    trustProxy: config.TRUST_PROXY,
    bodyLimit: BODY_LIMIT,
    requestIdHeader: false,
    genReqId: (request: IncomingMessage) => {
      const incoming = request.headers['x-request-id'];
      return typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    },
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(context), adapter, {
    logger: new PinoNestLogger(logger.child({ component: 'nest' })),
    bufferLogs: false,
  });
  const fastify = app.getHttpAdapter().getInstance();
  // Raw MIME for the webhook door, up to the intake size limit.
  fastify.addContentTypeParser(
    ['message/rfc822', 'application/octet-stream'],
    { parseAs: 'buffer', bodyLimit: config.INTAKE_MAX_MESSAGE_BYTES },
    (_request, body, done) => done(null, body),
  );
  // JSON as Fastify parses it (prototype-poisoning guards kept), then refused when a `\ud800` escape left a
  // lone surrogate: PostgreSQL cannot store one, so it would surface as a 500 halfway through a change.
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  app.useBodyParser<Server>('application/json', { bodyLimit: BODY_LIMIT }, (request, body, done) => {
    parseJson(request, body.toString(), (error, parsed) => {
      if (error) return done(error);
      const where = findUnpairedSurrogate(parsed);
      done(where ? new BadRequestException(unpairedSurrogateMessage(where, 'body')) : null, parsed);
    });
  });
  // Query strings decode percent-escapes as UTF-8 (no surrogates), but are checked too so no door depends on that.
  fastify.addHook('preValidation', async (request) => {
    const where = findUnpairedSurrogate(request.query);
    if (where) throw new BadRequestException(unpairedSurrogateMessage(where, 'query'));
  });
  // multipart/form-data for the public web form: the route passes its own file limits and reports an
  // oversized file as a field error itself, so the plugin truncates rather than throws.
  await app.register(multipart, { throwFileSizeLimit: false, limits: { fieldSize: 128 * 1024, fields: 40, parts: 100, headerPairs: 100 } });

  await app.register(cookie, { secret: secrets.cookieKey, hook: 'onRequest' });
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        // Sanitised mail keeps a safe subset of style attributes; mail frames (srcdoc) inherit this policy.
        styleSrcAttr: ["'unsafe-inline'"],
        // Remote images in mail load only after "show images": the frame's own policy blocks them until then.
        imgSrc: ["'self'", 'data:', 'blob:', 'https:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        frameSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    strictTransportSecurity: config.secureCookies,
    crossOriginEmbedderPolicy: false,
  });
  fastify.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
    // Tightening headers go by the path as routed (decoded, case and slashes folded), so no spelling of /api
    // escapes them; the loosening ones below keep matching the exact raw path.
    if (isApiPath(request.url) || request.routeOptions.url?.startsWith('/api/')) reply.header('cache-control', 'no-store');
    // The sandboxed mail frame has an opaque origin; it may load this one stylesheet.
    if (request.url === '/mail-frame.css') reply.header('cross-origin-resource-policy', 'cross-origin');
    // Swagger UI's page carries inline styles; it shows no user content, so only it gets them.
    if (request.url.startsWith('/api/docs')) {
      const csp = reply.getHeader('content-security-policy');
      if (typeof csp === 'string') reply.header('content-security-policy', csp.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'"));
    }
    // The inquiry form may be embedded by the organisation's site; the dashboard never is.
    if (FORM_PATHS.has(request.url.split('?')[0])) {
      const csp = reply.getHeader('content-security-policy');
      if (typeof csp === 'string') reply.header('content-security-policy', csp.replace(/frame-ancestors [^;]*/, `frame-ancestors ${config.formFrameAncestors}`));
      reply.removeHeader('x-frame-options');
    }
  });

  app.setGlobalPrefix('api');
  app.useGlobalFilters(new AllExceptionsFilter(logger.child({ component: 'errors' })));
  app.useGlobalPipes(createValidationPipe());
  setupOpenApi(app);

  if (existsSync(join(FRONTEND_DIST, 'index.html'))) {
    await app.register(fastifyStatic, {
      root: FRONTEND_DIST,
      wildcard: false,
      index: false,
      setHeaders: (response, path) => {
        if (path.includes(`${join(FRONTEND_DIST, 'assets')}`)) void response.header('cache-control', 'public, max-age=31536000, immutable');
      },
    });
  }
  fastify.get('/inquiry', async (_request, reply) => {
    if (!existsSync(join(FRONTEND_DIST, FORM_PAGE))) {
      return reply.status(404).type('text/plain').send('Inquiry form not built: run `npm run build`.');
    }
    return reply.header('cache-control', 'no-cache').sendFile(FORM_PAGE);
  });
  // The dashboard is a single-page app: unknown non-API paths get its index.html.
  fastify.get('/*', async (request, reply) => {
    if (isApiPath(request.url)) {
      return reply.status(404).send({
        statusCode: 404,
        error: 'Not Found',
        message: `No API route ${request.method} ${request.url.split('?')[0]}`,
        correlationId: request.id,
      });
    }
    if (!existsSync(join(FRONTEND_DIST, 'index.html'))) {
      return reply.status(404).type('text/plain').send('Dashboard not built: run `npm run build`.');
    }
    return reply.header('cache-control', 'no-cache').sendFile('index.html');
  });
  return app;
}
