import { z } from 'zod';

// Configuration of every server process, validated once at start. A bad value stops the process
// with one line per problem, naming the variable, instead of failing later in a handler.

// 0 asks the OS for a free port (tests).
const port = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback);
const seconds = (fallback: number) => z.coerce.number().int().positive().default(fallback);
const bool = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'])
    .default(fallback ? 'true' : 'false')
    .transform((v) => v === 'true' || v === '1' || v === 'yes');

const DEV_JWT_SECRET = 'kubelab-development-only-secret-do-not-use-in-production';
// 32 zero bytes: a development key, refused in production like the demo passwords.
const DEV_SECRET_KEY = 'dev:' + 'A'.repeat(43) + '=';

const schema = z
  .object({
    APP_MODE: z.enum(['development', 'test', 'production']).default('development'),
    HOST: z.string().default('0.0.0.0'),
    API_PORT: port(4000),
    WEB_PORT: port(3000),
    WORKER_PORT: port(4100),
    KUBE_API_PORT: port(6443),
    PUBLIC_API_URL: z.url().optional(),
    PUBLIC_KUBE_API_URL: z.url().optional(),
    WEB_ORIGIN: z.string().default('http://localhost:3000'),
    DATABASE_URL: z
      .string({ error: 'is required (postgresql://user:password@host:port/database)' })
      .regex(/^postgres(ql)?:\/\//, 'must be a postgresql:// URL'),
    DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
    REDIS_URL: z
      .string({ error: 'is required (redis://host:port)' })
      .regex(/^rediss?:\/\//, 'must be a redis:// URL'),
    REDIS_PREFIX: z
      .string()
      .regex(/^[a-zA-Z0-9:_-]+$/)
      .default('kl'),
    JWT_SECRET: z.string().min(32, 'must be at least 32 characters').default(DEV_JWT_SECRET),
    ACCESS_TOKEN_TTL: seconds(900),
    REFRESH_TOKEN_TTL: seconds(14 * 24 * 3600),
    COOKIE_SECURE: bool(false),
    LOGIN_MAX_FAILURES: z.coerce.number().int().positive().default(5),
    LOGIN_WINDOW_SECONDS: seconds(900),
    API_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(1200),
    BODY_LIMIT_BYTES: z.coerce
      .number()
      .int()
      .positive()
      .default(1024 * 1024),
    SECRET_ENCRYPTION_KEYS: z
      .string()
      .regex(
        /^([A-Za-z0-9_-]+:[A-Za-z0-9+/=]{43,44})(,[A-Za-z0-9_-]+:[A-Za-z0-9+/=]{43,44})*$/,
        'must be id:base64key[,id:base64key...] with 32-byte keys, newest first',
      )
      .default(DEV_SECRET_KEY),
    DATA_DIR: z.string().default('.data'),
    KUBE_API_REQUESTS_PER_10S: z.coerce.number().int().positive().default(600),
    KUBE_API_BODY_LIMIT_BYTES: z.coerce
      .number()
      .int()
      .positive()
      .default(3 * 1024 * 1024),
    SANDBOX_MAX_OBJECTS: z.coerce.number().int().positive().default(3000),
    SANDBOX_MAX_OBJECTS_PER_KIND: z.coerce.number().int().positive().default(600),
    SANDBOX_MAX_PODS: z.coerce.number().int().positive().default(300),
    KUBE_TLS_CERT_FILE: z.string().optional(),
    KUBE_TLS_KEY_FILE: z.string().optional(),
    LOG_FORMAT: z.enum(['json', 'pretty']).default('json'),
    LOG_LEVEL: z
      .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
      .default('info'),
  })
  .superRefine((c, ctx) => {
    if (c.APP_MODE === 'production') {
      if (c.JWT_SECRET === DEV_JWT_SECRET)
        ctx.addIssue({
          code: 'custom',
          path: ['JWT_SECRET'],
          message: 'must be set in production',
        });
      if (c.SECRET_ENCRYPTION_KEYS === DEV_SECRET_KEY)
        ctx.addIssue({
          code: 'custom',
          path: ['SECRET_ENCRYPTION_KEYS'],
          message: 'must be set in production',
        });
    }
  });

export type AppConfig = z.infer<typeof schema> & {
  publicApiUrl: string;
  publicKubeApiUrl: string;
};

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export function loadConfig(env: Record<string, string | undefined>): AppConfig {
  // Empty strings mean "unset", as in most shells' `VAR= cmd`.
  const cleaned = Object.fromEntries(
    Object.entries(env).filter(([, v]) => v !== undefined && v !== ''),
  );
  const parsed = schema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((i) => `${i.path.join('.') || '(config)'} ${i.message}`),
    );
  }
  const c = parsed.data;
  return {
    ...c,
    publicApiUrl: c.PUBLIC_API_URL ?? `http://localhost:${c.API_PORT}`,
    publicKubeApiUrl: c.PUBLIC_KUBE_API_URL ?? `https://localhost:${c.KUBE_API_PORT}`,
  };
}

export const DEMO_PASSWORD = 'kubelab-demo';
