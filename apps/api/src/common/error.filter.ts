import { ArgumentsHost, Catch, HttpException, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { PlatformError, type ErrorCode } from '@kubelab/platform';
import type { Logger } from '@kubelab/server';

const STATUS_CODE: Record<number, ErrorCode> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'rate_limited',
  503: 'unavailable',
};

/** Converts anything thrown into a PlatformError, the one error shape of the REST API. */
export function toPlatformError(err: unknown): PlatformError {
  if (err instanceof PlatformError) return err;
  const e = err as { type?: string; status?: number; statusCode?: number; message?: string };
  // body-parser's errors
  if (e?.type === 'entity.too.large')
    return new PlatformError('payload_too_large', 'Request body is too large');
  if (e?.type === 'entity.parse.failed')
    return new PlatformError('bad_request', 'Request body is not valid JSON');
  if (e?.type === 'charset.unsupported' || e?.type === 'encoding.unsupported')
    return new PlatformError('unsupported_media_type', e.message ?? 'Unsupported encoding');
  if (err instanceof HttpException) {
    const status = err.getStatus();
    const body = err.getResponse() as string | { message?: string | string[] };
    const message =
      typeof body === 'string'
        ? body
        : Array.isArray(body.message)
          ? body.message.join('; ')
          : (body.message ?? err.message);
    return new PlatformError(
      STATUS_CODE[status] ?? (status >= 500 ? 'internal' : 'bad_request'),
      message,
    );
  }
  return new PlatformError('internal', 'Internal server error');
}

@Catch()
export class ErrorFilter implements ExceptionFilter {
  constructor(private readonly log: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const res = host.switchToHttp().getResponse<Response>();
    const err = toPlatformError(exception);
    if (err.code === 'internal') this.log.error({ err: exception }, 'unhandled error');
    if (err.retryAfterSeconds !== undefined)
      res.setHeader('Retry-After', String(err.retryAfterSeconds));
    if (res.headersSent) return;
    res.status(err.status).json(err.toBody());
  }
}
