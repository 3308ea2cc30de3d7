import pino, { type Logger } from 'pino';

export type { Logger };

/**
 * Structured JSON logs. Secrets never reach them: auth headers, cookies, tokens, passwords and
 * Secret data are redacted wherever they appear.
 */
export function createLogger(name: string, level = 'info'): Logger {
  return pino({
    name,
    level,
    redact: {
      paths: [
        'req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]',
        '*.password', '*.accessToken', '*.refreshToken', '*.token', '*.key', 'object.data', 'object.stringData',
      ],
      censor: '[redacted]',
    },
  });
}
