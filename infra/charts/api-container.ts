// The API image as the service, the migrations Job and the backup jobs run it: one base container so image,
// security context and secret wiring never drift between them. Variable names are app/src/config.ts's.
import type { IContainer } from 'kubernetes-models/v1/Container';
import type { IEnvVar } from 'kubernetes-models/v1/EnvVar';
import { names, SECRET_KEYS, type PlatformConfig } from '../config';
import { containerSecurityContext, imageRef, secretEnv } from './pod';

const [databaseUrl, databaseReadUrl, migrationsUrl, redisUrl, jwtSecret, operatorToken] = SECRET_KEYS.api;

export function apiImageContainer(c: PlatformConfig, name: string): IContainer {
  return {
    name,
    image: imageRef(c.images.api),
    securityContext: containerSecurityContext,
    volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
  };
}

export function apiEnv(c: PlatformConfig): IEnvVar[] {
  const secret = names(c).secrets.api;
  return [
    { name: 'LOG_LEVEL', value: c.api.logLevel },
    { name: 'DB_POOL_MAX', value: String(c.api.dbPoolMax) },
    { name: 'REDIS_REQUIRED', value: String(c.api.redisRequired) },
    // The migrations Job migrates; replicas starting together must not race for the advisory lock.
    { name: 'MIGRATE_ON_START', value: 'false' },
    secretEnv('DATABASE_URL', secret, databaseUrl),
    secretEnv('DATABASE_READ_URL', secret, databaseReadUrl),
    secretEnv('REDIS_URL', secret, redisUrl),
    secretEnv('JWT_SECRET', secret, jwtSecret),
    // Only operators call the backup endpoints and the test alert; without the key those stay closed.
    { name: 'OPERATOR_TOKEN', valueFrom: { secretKeyRef: { name: secret, key: operatorToken, optional: true } } },
  ];
}

export const migrationsEnv = (c: PlatformConfig): IEnvVar[] => [
  secretEnv('MIGRATIONS_DATABASE_URL', names(c).secrets.api, migrationsUrl),
];
