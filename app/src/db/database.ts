// One pg pool with the queries it runs counted and timed, and the transaction helpers every repository uses.
import { Pool, type PoolConfig, type QueryResultRow } from 'pg';
import type { Metrics } from '../metrics';
import { isConnectionFailure } from './connection-errors';

/** How long a transaction cut by a connection failure waits before its one retry (PgBouncer's server_login_retry
 * is shorter, so the retry is not refused by the same failed login). */
export const RETRY_AFTER_MS = 250;

/** A connection failure before COMMIT was sent: the transaction cannot have committed. */
class BeforeCommit extends Error {
  constructor(override readonly cause: unknown) {
    super((cause as Error)?.message ?? 'connection failed');
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type PoolName = 'primary' | 'replica';

export interface Queryable {
  query<R extends QueryResultRow = QueryResultRow>(text: string, params?: readonly unknown[]): Promise<R[]>;
}

export interface DatabaseOptions {
  connectionString: string;
  name: PoolName;
  max: number;
  statementTimeoutMs: number;
  connectTimeoutMs: number;
  metrics: Metrics;
}

export class Database implements Queryable {
  readonly name: PoolName;
  private readonly pool: Pool;
  private readonly metrics: Metrics;
  private readonly untrack: () => void;

  constructor(options: DatabaseOptions) {
    const config: PoolConfig = {
      connectionString: options.connectionString,
      max: options.max,
      connectionTimeoutMillis: options.connectTimeoutMs,
      statement_timeout: options.statementTimeoutMs || undefined,
      application_name: 'brownie-metadata-api',
    };
    this.name = options.name;
    this.metrics = options.metrics;
    this.pool = new Pool(config);
    // A client whose server went away emits 'error': the pool listens while it is idle, this listener while it is
    // checked out (the failed query reports it). Without both, a failover would crash the process.
    this.pool.on('error', () => undefined);
    this.pool.on('connect', (client) => client.on('error', () => undefined));
    this.untrack = this.metrics.trackPool(() => ({
      name: this.name,
      totalCount: this.pool.totalCount,
      idleCount: this.pool.idleCount,
      waitingCount: this.pool.waitingCount,
    }));
  }

  async query<R extends QueryResultRow = QueryResultRow>(text: string, params?: readonly unknown[]): Promise<R[]> {
    return (await this.timed(() => this.pool.query<R>(text, params as unknown[]))).rows;
  }

  /**
   * Runs `fn` in one transaction; commits when it resolves, rolls back when it throws. When the connection fails
   * before COMMIT was sent (a failover, a pooler restart), nothing was committed, so it runs once more on a fresh
   * connection; a failure during COMMIT is never retried, since the commit may have happened.
   */
  async transaction<T>(fn: (tx: Queryable) => Promise<T>, setup = ''): Promise<T> {
    try {
      return await this.attempt(fn, setup);
    } catch (error) {
      if (!(error instanceof BeforeCommit)) throw error;
      await new Promise((resolve) => setTimeout(resolve, RETRY_AFTER_MS));
      return this.attempt(fn, setup).catch((again: unknown) => {
        throw again instanceof BeforeCommit ? again.cause : again;
      });
    }
  }

  private async attempt<T>(fn: (tx: Queryable) => Promise<T>, setup: string): Promise<T> {
    let client;
    try {
      client = await this.pool.connect();
    } catch (error) {
      throw isConnectionFailure(error) ? new BeforeCommit(error) : error;
    }
    const timed = <T>(run: () => Promise<T>) => this.timed(run);
    const tx: Queryable = {
      async query<R extends QueryResultRow>(text: string, params?: readonly unknown[]) {
        return (await timed(() => client.query<R>(text, params as unknown[]))).rows;
      },
    };
    let broken = false;
    let committing = false;
    try {
      // `setup` rides in the same round trip as BEGIN (a simple-protocol multi-statement query).
      await client.query(`BEGIN;${setup}`);
      const result = await fn(tx);
      committing = true;
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {
        broken = true;
      });
      throw !committing && isConnectionFailure(error) ? new BeforeCommit(error) : error;
    } finally {
      client.release(broken);
    }
  }

  /** A transaction scoped to one organization: row-level security shows and accepts only that tenant's rows. */
  async tenantTransaction<T>(orgId: string, fn: (tx: Queryable) => Promise<T>): Promise<T> {
    // Inlined rather than bound, to save a round trip: safe only because it is checked to be a UUID first.
    if (!UUID.test(orgId)) throw new Error('tenantTransaction: organization id is not a UUID');
    return this.transaction(fn, ` SELECT set_config('app.org_id', '${orgId}', true)`);
  }

  /** A round trip that fails within `timeoutMs` when the server is unreachable or stuck. */
  async ping(timeoutMs: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      await Promise.race([this.query('SELECT 1'), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    this.untrack();
    await this.pool.end();
  }

  private async timed<T>(run: () => Promise<T>): Promise<T> {
    const stop = this.metrics.dbQueryDuration.startTimer({ pool: this.name });
    try {
      const result = await run();
      this.metrics.dbQueries.inc({ pool: this.name, outcome: 'ok' });
      return result;
    } catch (error) {
      this.metrics.dbQueries.inc({ pool: this.name, outcome: 'error' });
      throw error;
    } finally {
      stop();
    }
  }
}
