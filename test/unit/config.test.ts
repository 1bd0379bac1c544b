import { ConfigError, loadConfig } from '../../app/src/config';

function errorOf(env: NodeJS.ProcessEnv): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('when nothing is set, then the defaults give the embedded start on port 8000', () => {
    const config = loadConfig({});
    expect(config).toEqual(
      expect.objectContaining({ PORT: 8000, DB_POOL_MAX: 10, REDIS_REQUIRED: false, LOG_LEVEL: 'info' }),
    );
    expect(config.DATABASE_URL).toBeUndefined();
  });

  it('when values are valid, then they are parsed into their types', () => {
    const config = loadConfig({
      PORT: '9000',
      DATABASE_URL: 'postgresql://u:p@db:5432/brownie',
      REDIS_URL: 'redis://cache:6379/0',
      REDIS_REQUIRED: 'true',
      MIGRATE_ON_START: '1',
      JWT_SECRET: 'x'.repeat(32),
    });
    expect(config).toEqual(expect.objectContaining({ PORT: 9000, REDIS_REQUIRED: true, MIGRATE_ON_START: true }));
  });

  it.each([
    [{ PORT: 'http' }, 'PORT: expected a whole number (got "http")'],
    [{ PORT: '70000' }, 'PORT: expected ≤ 65535'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL: expected a postgres:// URL'],
    [{ REDIS_URL: 'localhost:6379' }, 'REDIS_URL: expected a redis:// URL'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL:'],
    [{ MIGRATE_ON_START: 'yes' }, 'MIGRATE_ON_START: expected true or false'],
    [{ BODY_LIMIT: 'huge' }, 'BODY_LIMIT: expected a size such as 1mb'],
    [{ REDIS_REQUIRED: 'true' }, 'REDIS_REQUIRED: is true but REDIS_URL is not set'],
    [
      { DATABASE_URL: 'postgres://db/x' },
      'JWT_SECRET: required (or JWT_PRIVATE_KEY and JWT_PUBLIC_KEY) when DATABASE_URL is set',
    ],
    [{ JWT_SECRET: 'short' }, 'JWT_SECRET: expected at least 32 characters'],
    [
      { JWT_PRIVATE_KEY: '-----BEGIN PRIVATE KEY-----' },
      'JWT_PRIVATE_KEY, JWT_PUBLIC_KEY: set both (RS256) or neither',
    ],
    [{ OIDC_ISSUER: 'https://idp.example' }, 'OIDC_ISSUER, OIDC_JWKS_URL: set both or neither'],
  ])('when %j, then the error names the variable', (env, message) => {
    expect(errorOf(env).message).toContain(message);
  });

  it('when several variables are bad, then every one is named', () => {
    expect(errorOf({ PORT: 'x', DB_POOL_MAX: '-1' }).issues).toHaveLength(2);
  });

  it('blank values count as unset', () => {
    const config = loadConfig({ PORT: '', DATABASE_URL: '  ' });
    expect(config.PORT).toBe(8000);
    expect(config.DATABASE_URL).toBeUndefined();
  });
});
