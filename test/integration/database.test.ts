// The pool under connection failures, as a failover looks from the service: a server connection dying mid-transaction.
import { Database } from '../../app/src/db/database';
import { createMetrics } from '../../app/src/metrics';
import { createTestDatabase, type TestDatabase } from './helpers/postgres';

let database: TestDatabase;
let db: Database;
beforeAll(async () => {
  database = await createTestDatabase({ migrate: false });
  db = new Database({
    connectionString: database.ownerUrl,
    name: 'primary',
    max: 2,
    statementTimeoutMs: 5_000,
    connectTimeoutMs: 1_000,
    metrics: createMetrics({ version: 't', revision: 't' }),
  });
  await db.query('CREATE TABLE writes (n int)');
});
afterAll(async () => {
  await db.close();
  await database.drop();
});

describe('Database.transaction under connection failures', () => {
  it('when the server connection dies before COMMIT, then the transaction runs once more and commits exactly once', async () => {
    let attempts = 0;
    const result = await db.transaction(async (tx) => {
      attempts++;
      await tx.query('INSERT INTO writes VALUES (1)');
      if (attempts === 1) await tx.query('SELECT pg_terminate_backend(pg_backend_pid())');
      return 'done';
    });
    expect({ result, attempts }).toEqual({ result: 'done', attempts: 2 });
    expect(await db.query('SELECT count(*)::int AS n FROM writes WHERE n = 1')).toEqual([{ n: 1 }]);
  });

  it('when it dies again on the retry, then the error surfaces (no endless retries) and nothing is written', async () => {
    let attempts = 0;
    await expect(
      db.transaction(async (tx) => {
        attempts++;
        await tx.query('INSERT INTO writes VALUES (2)');
        await tx.query('SELECT pg_terminate_backend(pg_backend_pid())');
      }),
    ).rejects.toThrow(/terminat/i);
    expect(attempts).toBe(2);
    expect(await db.query('SELECT count(*)::int AS n FROM writes WHERE n = 2')).toEqual([{ n: 0 }]);
  });

  it('when a query is wrong, then it is not retried', async () => {
    let attempts = 0;
    await expect(
      db.transaction(async (tx) => {
        attempts++;
        await tx.query('SELECT * FROM no_such_table');
      }),
    ).rejects.toThrow(/no_such_table/);
    expect(attempts).toBe(1);
  });

  it('when a checked-out connection dies between queries, then the process survives and the pool recovers', async () => {
    await db
      .transaction(async (tx) => {
        const [row] = await tx.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
        // Killed from another connection while this client sits idle in its transaction: pg emits 'error' on it.
        await db.query('SELECT pg_terminate_backend($1)', [row!.pid]);
        await new Promise((r) => setTimeout(r, 200));
      })
      .catch(() => undefined);
    expect(await db.query('SELECT 1 AS ok')).toEqual([{ ok: 1 }]);
  });
});
