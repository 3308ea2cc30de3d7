import pino, { type Logger } from 'pino';

export type { Logger };

/** Human-readable one-line logs for `npm start`; production keeps JSON. */
export const prettyTransport = {
  target: 'pino-pretty',
  options: { colorize: true, singleLine: true, translateTime: 'HH:MM:ss', ignore: 'pid,hostname' },
};

/**
 * Structured JSON logs. Secrets never reach them: auth headers, cookies, tokens, passwords and
 * Secret data are redacted wherever they appear.
 */
export function createLogger(
  name: string,
  level = 'info',
  format: 'json' | 'pretty' = 'json',
): Logger {
  return pino({
    name,
    level,
    ...(format === 'pretty' ? { transport: prettyTransport } : {}),
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers.cookie',
        'res.headers["set-cookie"]',
        '*.password',
        '*.accessToken',
        '*.refreshToken',
        '*.token',
        '*.key',
        'object.data',
        'object.stringData',
      ],
      censor: '[redacted]',
    },
  });
}
