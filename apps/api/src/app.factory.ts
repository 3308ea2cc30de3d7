import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import cookieParser from 'cookie-parser';
import express from 'express';
import { Logger as PinoNestLogger } from 'nestjs-pino';
import type { AppConfig } from '@kubelab/platform';
import { AppModule } from './app.module';
import { KubeServer } from './kube-api/kube-server';
import { LiveIoAdapter } from './live/live-io.adapter';
import { ErrorFilter, toPlatformError } from './common/error.filter';
import { LOGGER } from './common/tokens';
import { validationPipe } from './common/validation';

/** Builds the platform API (REST, docs); main.ts and the tests both start it this way. */
export async function createApp(config: AppConfig): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    bodyParser: false,
    bufferLogs: true,
  });
  app.useLogger(app.get(PinoNestLogger));
  app.set('trust proxy', 'loopback');
  app.disable('x-powered-by');
  app.use(cookieParser());
  // Every cluster's Kubernetes API, for the web lab (raw bodies: no JSON parser in front).
  const kube = app.get(KubeServer);
  app.use(kube.webHandler());
  kube.attachWebUpgrades(app.getHttpServer());
  app.use('/api', express.json({ limit: config.BODY_LIMIT_BYTES, strict: true }));
  // Body-parser failures (too large, malformed) answer in the API's error shape.
  app.use(
    '/api',
    (err: unknown, _req: express.Request, res: express.Response, next: express.NextFunction) => {
      if (!err) return next();
      const e = toPlatformError(err);
      res.status(e.status).json(e.toBody());
    },
  );
  app.enableCors({ origin: config.WEB_ORIGIN.split(','), credentials: true });
  app.useWebSocketAdapter(new LiveIoAdapter(app, config));
  app.useGlobalFilters(new ErrorFilter(app.get(LOGGER)));
  app.useGlobalPipes(validationPipe);
  app.enableShutdownHooks();

  const doc = new DocumentBuilder()
    .setTitle('kubelab platform API')
    .setDescription(
      'REST API of the kubelab Kubernetes training platform: sign-in, organisations’ users, courses, ' +
        'enrolments, API keys and sandbox clusters. Errors are `{error: {code, message, details?}}`.',
    )
    .setVersion('1')
    .addBearerAuth({
      type: 'http',
      scheme: 'bearer',
      description: 'Access token from /api/v1/auth/login, or an API key (kl_…)',
    })
    .addCookieAuth('kl_at')
    .build();
  SwaggerModule.setup('api/docs', app, () => SwaggerModule.createDocument(app, doc), {
    jsonDocumentUrl: 'api/docs/openapi.json',
  });
  return app;
}
