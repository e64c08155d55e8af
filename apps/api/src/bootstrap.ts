import { SessionsService } from '@app/auth';
import { AppExceptionFilter, swedishValidationException } from '@app/common';
import { INestApplication, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { INBOUND_MAX_BYTES } from '@app/tracking';
import cookieParser from 'cookie-parser';
import { raw } from 'express';
import { Logger } from 'nestjs-pino';
import { ApiModule, ApiModuleOptions } from './api.module';
import { FORM_BODY_LIMIT_BYTES, FORM_PARAMETER_LIMIT, JSON_BODY_LIMIT_BYTES } from './http-edge/body-limits';
import { crossSiteRefusal } from './http-edge/cross-site.middleware';
import { DOCS_PATHS, docsLoginRequired } from './http-edge/docs-access';
import { InputSafetyPipe } from './http-edge/input-safety.pipe';
import { securityHeaders } from './http-edge/security-headers';
import { defaultWebDistDir, webApp } from './web-app/web-app';

const documents = new WeakMap<INestApplication, OpenAPIObject>();

/** The OpenAPI document an app built by createApiApp serves at /api/docs-json (the tests check answers against it). */
export function openApiDocumentOf(app: INestApplication): OpenAPIObject {
  const document = documents.get(app);
  if (!document) throw new Error('Appen byggdes inte av createApiApp');
  return document;
}

/** Builds the HTTP application exactly as production runs it; main.ts and the end-to-end tests both use it. */
export async function createApiApp(options: ApiModuleOptions): Promise<INestApplication> {
  const { config } = options;
  const app = await NestFactory.create<NestExpressApplication>(ApiModule.forRoot(options), {
    bufferLogs: true,
    // Parsers are added below, after the cross-site check, so a refused request's body is never read.
    bodyParser: false,
  });
  app.useLogger(app.get(Logger));
  app.set('trust proxy', config.trustProxy);
  app.disable('x-powered-by');

  // In order: headers for every answer, the session cookie, the web app, refusal of cross-site and non-JSON
  // writes, bodies.
  // No ETags: every answer is fresh (API answers are no-store), and a 304 is an answer the OpenAPI document
  // would have to describe for every GET. The web app's files are served with their own caching.
  app.getHttpAdapter().getInstance().set('etag', false);
  app.use(securityHeaders(config.PUBLIC_BASE_URL));
  app.use(cookieParser());
  // The staff web app's files and pages (GET/HEAD outside /api, the public pages and /health), same origin.
  app.use(webApp(config.WEB_DIST_DIR ?? defaultWebDistDir()));
  app.use(crossSiteRefusal(config.PUBLIC_BASE_URL));
  // Inbound mail: the raw message as bytes, up to the largest message taken in.
  app.use(
    '/api/inbound',
    raw({ type: ['message/rfc822', 'application/octet-stream'], limit: INBOUND_MAX_BYTES }),
  );
  app.useBodyParser('json', { limit: JSON_BODY_LIMIT_BYTES });
  app.useBodyParser('urlencoded', {
    extended: false,
    limit: FORM_BODY_LIMIT_BYTES,
    parameterLimit: FORM_PARAMETER_LIMIT,
  });
  if (config.NODE_ENV === 'production') app.use(DOCS_PATHS, docsLoginRequired(app.get(SessionsService)));

  app.useGlobalPipes(
    new InputSafetyPipe(),
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      transformOptions: { enableImplicitConversion: false },
      exceptionFactory: swedishValidationException,
    }),
  );
  app.useGlobalFilters(new AppExceptionFilter());

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Outreach CRM')
      .setDescription('Kontakter, utskick och möten för kulturorganisationer')
      .setVersion('0.1.0')
      .addCookieAuth('crm_session')
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
  documents.set(app, document);
  return app;
}
