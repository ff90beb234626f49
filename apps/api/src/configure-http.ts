import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { json, NextFunction, raw, Request, Response } from 'express';
import { Logger } from 'nestjs-pino';
import { AppConfig } from '@apex/config';
import { assignRequestId, bodyParserErrors, ProblemDetailsFilter, refuseUnsafeText, securityHeaders, validationPipe } from '@apex/http';
import { PRICE_BOOK_IMPORT_BODY_LIMIT } from './price-book/price-book.dto';
import { isSandboxUpload } from './sandbox/sandbox-body';

export const API_PREFIX = 'api/v1';
export const DOCS_PATH = 'api/docs';

/** Everything main.ts does to the HTTP app, shared with the tests so they exercise the same stack. */
export function configureHttp(app: NestExpressApplication, config: AppConfig): void {
  app.useLogger(app.get(Logger));
  app.disable('x-powered-by');
  app.use(securityHeaders(DOCS_PATH));
  app.use(assignRequestId);
  app.enableCors({
    origin: config.http.corsOrigin,
    allowedHeaders: ['Authorization', 'Content-Type', 'Content-Encoding', 'Idempotency-Key', 'X-Api-Key', 'X-Inquiry-Token', 'X-Request-Id'],
    exposedHeaders: ['Content-Disposition', 'Location', 'Retry-After', 'X-Request-Id'],
    maxAge: 600,
  });
  // Stripe signs the bytes it sends: its webhook gets them unparsed (and Stripe's events can exceed BODY_LIMIT).
  app.use(`/${API_PREFIX}/billing/webhook`, raw({ type: () => true, limit: '1mb' }));
  // The price files an operator imports are larger than any other request.
  app.use(`/${API_PREFIX}/admin/price-book/versions`, json({ limit: PRICE_BOOK_IMPORT_BODY_LIMIT, strict: true }));
  // A sandbox upload reads its own body: an OpenAI export's JSON as literal text, under SANDBOX_MAX_UPLOAD_SIZE.
  const parseJson = json({ limit: config.http.bodyLimit, strict: true });
  app.use((req: Request, res: Response, next: NextFunction) => (isSandboxUpload(req) ? next() : parseJson(req, res, next)));
  app.use(bodyParserErrors);
  app.use(refuseUnsafeText);
  app.setGlobalPrefix(API_PREFIX);
  app.useGlobalPipes(validationPipe());
  app.useGlobalFilters(new ProblemDetailsFilter());

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Apex API')
      .setDescription('Meters, limits and monetises AI cost optimisation. Errors are RFC 9457 problem+json.')
      .setVersion('1')
      .build(),
  );
  SwaggerModule.setup(DOCS_PATH, app, document, { jsonDocumentUrl: `${DOCS_PATH}/openapi.json` });
}
