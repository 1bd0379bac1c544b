// pg_dump and pg_restore as child processes. Credentials go through libpq's environment, never the command line,
// so they do not show in `ps`.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';

/** libpq environment for a postgres:// URL (host, port, user, password, database, sslmode). */
export function libpqEnv(url: string): NodeJS.ProcessEnv {
  const u = new URL(url);
  const env: NodeJS.ProcessEnv = {
    PGHOST: decodeURIComponent(u.hostname.replace(/^\[|\]$/g, '')) || 'localhost',
    PGPORT: u.port || '5432',
    PGDATABASE: decodeURIComponent(u.pathname.replace(/^\//, '')) || 'postgres',
  };
  if (u.username) env.PGUSER = decodeURIComponent(u.username);
  if (u.password) env.PGPASSWORD = decodeURIComponent(u.password);
  const sslmode = u.searchParams.get('sslmode');
  if (sslmode) env.PGSSLMODE = sslmode;
  return env;
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${encodeURIComponent(database)}`;
  return u.toString();
}

/**
 * pg_dump writes through stdio's 8 KiB buffer into the socket Node gives a child's stdout (about 200 KiB). A larger
 * buffer (coreutils' stdbuf, 128 KiB to 1 MiB) made no difference that runs of `npm run bench:backup` could tell.
 */
export function runTool(tool: 'pg_dump' | 'pg_restore', args: string[], url: string): ChildProcessWithoutNullStreams {
  return spawn(tool, args, {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, LANG: 'C.UTF-8', ...libpqEnv(url) },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}

/** Resolves when the tool exits 0; rejects with the end of its stderr otherwise. */
export function exited(child: ChildProcessWithoutNullStreams, tool: string): Promise<void> {
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  return new Promise((resolve, reject) => {
    child.once('error', (error) => reject(new Error(`${tool} could not start: ${error.message}`)));
    child.once('close', (code, signal) => {
      if (code === 0) resolve();
      else
        reject(
          new Error(`${tool} failed (${signal ?? `exit ${code}`}): ${stderr.trim().split('\n').slice(-3).join(' | ')}`),
        );
    });
  });
}
