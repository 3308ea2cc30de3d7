import { ConfigError, loadConfig } from '../src';

const base = {
  DATABASE_URL: 'postgresql://u:p@localhost:5432/db',
  REDIS_URL: 'redis://localhost:6379',
};

describe('loadConfig', () => {
  it('applies the contract defaults for ports', () => {
    const c = loadConfig(base);
    expect([c.API_PORT, c.WEB_PORT, c.WORKER_PORT, c.KUBE_API_PORT]).toEqual([
      4000, 3000, 4100, 6443,
    ]);
    expect(c.publicKubeApiUrl).toBe('https://localhost:6443');
  });

  it('names every bad variable in one error', () => {
    try {
      loadConfig({ API_PORT: 'abc', REDIS_URL: 'http://x' });
      throw new Error('expected a ConfigError');
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      const text = (e as ConfigError).message;
      expect(text).toMatch(/API_PORT/);
      expect(text).toMatch(/DATABASE_URL is required/);
      expect(text).toMatch(/REDIS_URL must be a redis:\/\/ URL/);
    }
  });

  it('refuses development secrets in production', () => {
    expect(() => loadConfig({ ...base, APP_MODE: 'production' })).toThrow(
      /JWT_SECRET must be set in production/,
    );
    const ok = loadConfig({
      ...base,
      APP_MODE: 'production',
      JWT_SECRET: 'x'.repeat(40),
      SECRET_ENCRYPTION_KEYS: 'k1:' + Buffer.alloc(32, 7).toString('base64'),
    });
    expect(ok.APP_MODE).toBe('production');
  });

  it('treats empty variables as unset', () => {
    expect(loadConfig({ ...base, API_PORT: '' }).API_PORT).toBe(4000);
  });
});
