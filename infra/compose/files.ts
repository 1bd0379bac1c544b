// docker-compose.yml and the files it mounts, rendered from the dev preset by the same renderers the cluster uses,
// so local development runs the very redis.conf, post-bootstrap script and scrape jobs we ship. Written into the
// repository by `npx tsx infra/compose/write.ts`; a test fails when the committed copies are stale.
import { SCRAPE_JOBS } from '../../alerts/jobs';
import { PORTS, type PlatformConfig } from '../config';
import { renderAlertmanagerConfig } from '../render/alertmanager';
import { imageRef } from '../charts/pod';
import {
  BOOTSTRAP_PASSWORD_ENV,
  GRAFANA_DASHBOARDS_DIR,
  redisServerArgs,
  renderGrafanaDashboardProviders,
  renderGrafanaDatasources,
  renderPostBootstrapScript,
  renderPrometheusConfig,
  renderRedisConf,
  toYaml,
} from '../render';

/** Compose runs plain PostgreSQL 16 (no Patroni: one node, nothing to fail over). */
export const COMPOSE_POSTGRES_IMAGE = 'docker.io/library/postgres:16.4-bookworm';
export const COMPOSE_DIR = 'infra/compose/generated';
const mounted = (file: string) => `./${COMPOSE_DIR}/${file}`;

/** Development-only defaults; each can be overridden from the shell or an .env file. */
const devSecret = (variable: string, fallback: string) => `\${${variable}:-${fallback}}`;

function composeDocument(c: PlatformConfig): object {
  const { database, ownerUser, appUser } = c.postgres;
  const ownerPassword = devSecret('BROWNIE_OWNER_PASSWORD', 'owner-dev');
  const appPassword = devSecret('BROWNIE_APP_PASSWORD', 'api-dev');
  const redisPassword = devSecret('REDIS_PASSWORD', 'redis-dev');
  const apiImage = { build: { context: '.', dockerfile: 'app/Dockerfile' }, image: `brownie/metadata-api:dev` };
  const postgresUrl = (user: string, password: string) =>
    `postgres://${user}:${password}@postgres:${PORTS.postgres}/${database}`;
  return {
    services: {
      postgres: {
        image: COMPOSE_POSTGRES_IMAGE,
        environment: {
          POSTGRES_PASSWORD: devSecret('POSTGRES_PASSWORD', 'postgres-dev'),
          [BOOTSTRAP_PASSWORD_ENV.owner]: ownerPassword,
          [BOOTSTRAP_PASSWORD_ENV.app]: appPassword,
          [BOOTSTRAP_PASSWORD_ENV.backup]: devSecret('BROWNIE_BACKUP_PASSWORD', 'backup-dev'),
          [BOOTSTRAP_PASSWORD_ENV.pgbouncerAuth]: devSecret('BROWNIE_PGBOUNCER_AUTH_PASSWORD', 'pgbouncer-dev'),
        },
        volumes: [
          'pgdata:/var/lib/postgresql/data',
          `${mounted('post-bootstrap.sh')}:/brownie/post-bootstrap.sh:ro`,
          `${mounted('initdb.sh')}:/docker-entrypoint-initdb.d/10-brownie.sh:ro`,
        ],
        healthcheck: {
          test: ['CMD-SHELL', `pg_isready -U postgres -d ${database}`],
          interval: '5s',
          timeout: '3s',
          retries: 20,
        },
        ports: [`127.0.0.1:${PORTS.postgres}:${PORTS.postgres}`],
      },
      redis: {
        image: imageRef(c.images.redis),
        command: ['redis-server', ...redisServerArgs('/usr/local/etc/redis/redis.conf', redisPassword)],
        volumes: [`${mounted('redis.conf')}:/usr/local/etc/redis/redis.conf:ro`],
        healthcheck: {
          test: ['CMD-SHELL', 'redis-cli --no-auth-warning -a "$$REDIS_PASSWORD" ping | grep -q PONG'],
          interval: '5s',
          timeout: '3s',
          retries: 20,
        },
        environment: { REDIS_PASSWORD: redisPassword },
      },
      migrations: {
        ...apiImage,
        command: ['node', 'dist/migrations/cli.js', 'up'],
        environment: { MIGRATIONS_DATABASE_URL: postgresUrl(ownerUser, ownerPassword) },
        depends_on: { postgres: { condition: 'service_healthy' } },
      },
      api: {
        ...apiImage,
        environment: {
          DATABASE_URL: postgresUrl(appUser, appPassword),
          REDIS_URL: `redis://:${redisPassword}@redis:${PORTS.redis}`,
          JWT_SECRET: devSecret('JWT_SECRET', 'development-only-jwt-secret-change-me'),
          LOG_LEVEL: c.api.logLevel,
        },
        ports: [`127.0.0.1:${PORTS.api}:${PORTS.api}`],
        depends_on: {
          migrations: { condition: 'service_completed_successfully' },
          redis: { condition: 'service_healthy' },
        },
      },
      prometheus: {
        image: imageRef(c.images.prometheus),
        command: ['--config.file=/etc/prometheus/prometheus.yml', '--storage.tsdb.path=/prometheus'],
        volumes: [
          `${mounted('prometheus.yml')}:/etc/prometheus/prometheus.yml:ro`,
          './alerts/rendered:/etc/prometheus/rules:ro',
          'prometheus:/prometheus',
        ],
        ports: [`127.0.0.1:${PORTS.prometheus}:${PORTS.prometheus}`],
      },
      alertmanager: {
        image: imageRef(c.images.alertmanager),
        command: ['--config.file=/etc/alertmanager/alertmanager.yml'],
        volumes: [`${mounted('alertmanager.yml')}:/etc/alertmanager/alertmanager.yml:ro`],
        ports: [`127.0.0.1:${PORTS.alertmanager}:${PORTS.alertmanager}`],
      },
      grafana: {
        image: imageRef(c.images.grafana),
        environment: { GF_AUTH_ANONYMOUS_ENABLED: 'true', GF_AUTH_ANONYMOUS_ORG_ROLE: 'Viewer' },
        volumes: [
          `${mounted('grafana-datasources.yaml')}:/etc/grafana/provisioning/datasources/brownie.yaml:ro`,
          `${mounted('grafana-dashboards.yaml')}:/etc/grafana/provisioning/dashboards/brownie.yaml:ro`,
          // Filled by `npx tsx dashboards/write.ts dist/dashboards`.
          `./dist/dashboards:${GRAFANA_DASHBOARDS_DIR}:ro`,
        ],
        ports: [`127.0.0.1:${PORTS.grafana}:${PORTS.grafana}`],
        depends_on: ['prometheus'],
      },
    },
    volumes: { pgdata: {}, prometheus: {} },
  };
}

/** Repository path → content. */
export function composeFiles(c: PlatformConfig): Record<string, string> {
  return {
    'docker-compose.yml': `# Generated by \`npx tsx infra/compose/write.ts\` from the dev preset: edit infra/compose/files.ts.\n${toYaml(composeDocument(c))}`,
    [`${COMPOSE_DIR}/post-bootstrap.sh`]: renderPostBootstrapScript(c),
    // The postgres image runs this once on an empty volume, as the superuser over the local socket.
    [`${COMPOSE_DIR}/initdb.sh`]: '#!/bin/sh\nset -eu\nsh /brownie/post-bootstrap.sh "postgresql:///postgres"\n',
    [`${COMPOSE_DIR}/redis.conf`]: renderRedisConf(c, { bind: '0.0.0.0', port: PORTS.redis, dir: '/data' }),
    [`${COMPOSE_DIR}/prometheus.yml`]: renderPrometheusConfig(c, {
      rulesDir: '/etc/prometheus/rules',
      discovery: {
        kind: 'static',
        targets: {
          [SCRAPE_JOBS.api]: [`api:${PORTS.api}`],
          [SCRAPE_JOBS.alertmanager]: [`alertmanager:${PORTS.alertmanager}`],
        },
        alertmanager: `alertmanager:${PORTS.alertmanager}`,
      },
    }),
    [`${COMPOSE_DIR}/alertmanager.yml`]: renderAlertmanagerConfig(c.monitoring.alerting),
    [`${COMPOSE_DIR}/grafana-datasources.yaml`]: renderGrafanaDatasources(`http://prometheus:${PORTS.prometheus}`),
    [`${COMPOSE_DIR}/grafana-dashboards.yaml`]: renderGrafanaDashboardProviders(c.name),
  };
}
