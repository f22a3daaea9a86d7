import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { validationMetadatasToSchemas } from 'class-validator-jsonschema';
import { APP_VERSION } from './version.js';

/** Serves the OpenAPI document at /api/docs (UI) and /api/docs/json; request schemas come from the class-validator DTOs. */
export function setupOpenApi(app: INestApplication) {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Newsdesk API')
      .setDescription(
        'Media-inquiry desk. Authenticate with the dashboard session cookie (plus the X-CSRF-Token header on writes) or a personal API token as `Authorization: Bearer`.',
      )
      .setVersion(APP_VERSION)
      .addBearerAuth()
      .addCookieAuth('nd_session')
      .build(),
  );
  const schemas = validationMetadatasToSchemas({ refPointerPrefix: '#/components/schemas/' });
  document.components = { ...document.components, schemas: { ...document.components?.schemas, ...(schemas as object) } };
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs/json', useGlobalPrefix: false });
}
