// The API image as the service, the migrations Job and the backup jobs run it: one base container so image,
// security context and database settings never drift between them.
import type { IContainer } from 'kubernetes-models/v1/Container';
import { names, SECRET_KEYS, type PlatformConfig } from '../config';
import { containerSecurityContext, imageRef, secretEnv } from './pod';

const [databaseUrlKey, migrationsUrlKey, redisUrlKey] = SECRET_KEYS.api;

export function apiImageContainer(c: PlatformConfig, name: string): IContainer {
  return {
    name,
    image: imageRef(c.images.api),
    securityContext: containerSecurityContext,
    volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
  };
}

/** The service's own settings (app/src/config.ts reads them); URLs with passwords come from the api Secret. */
export function apiEnv(c: PlatformConfig) {
  const secret = names(c).secrets.api;
  return [
    { name: 'LOG_LEVEL', value: c.api.logLevel },
    { name: 'DB_POOL_MAX', value: String(c.api.dbPoolMax) },
    { name: 'REDIS_REQUIRED', value: String(c.api.redisRequired) },
    // The migrations Job migrates; replicas starting together must not race for the advisory lock.
    { name: 'MIGRATE_ON_START', value: 'false' },
    secretEnv('DATABASE_URL', secret, databaseUrlKey),
    secretEnv('REDIS_URL', secret, redisUrlKey),
  ];
}

export const migrationsEnv = (c: PlatformConfig) => [
  secretEnv('MIGRATIONS_DATABASE_URL', names(c).secrets.api, migrationsUrlKey),
];
