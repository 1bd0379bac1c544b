// Process-tree plumbing for the local HA cluster. PID 1 on these machines does not reap orphans, and Patroni
// detaches its postmaster, so a killed postmaster would stay a zombie that a restarted Patroni waits on forever
// (local HA notes, pitfall 3): every member runs under a small subreaper that reaps its whole tree.
import { readdirSync, readFileSync } from 'node:fs';

/**
 * python3 (Patroni's own interpreter) as a subreaper: runs the command, forwards SIGTERM/SIGINT to it, reaps every
 * orphan that lands on it, and exits once none is left.
 */
const SUBREAPER = `
import ctypes, os, signal, subprocess, sys
ctypes.CDLL(None).prctl(36, 1, 0, 0, 0)  # PR_SET_CHILD_SUBREAPER
child = subprocess.Popen(sys.argv[1:])
for s in (signal.SIGTERM, signal.SIGINT):
    signal.signal(s, lambda n, f: child.poll() is None and child.send_signal(n))
code = 0
while True:
    try:
        pid, status = os.wait()
    except ChildProcessError:
        sys.exit(code)
    if pid == child.pid:
        child.returncode = os.waitstatus_to_exitcode(status)
        code = child.returncode
`;

export const underSubreaper = (command: string[]): string[] => ['python3', '-c', SUBREAPER, ...command];

/** Parent PID of every live process (zombies included), read from /proc. */
function parents(): Map<number, number> {
  const map = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // The command name may hold spaces and parentheses: fields after the last ')' are fixed.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      map.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // exited while we looked
    }
  }
  return map;
}

/** Every process below `root`, nearest first. */
export function descendants(root: number): number[] {
  const map = parents();
  const found: number[] = [];
  const queue = [root];
  while (queue.length > 0) {
    const parent = queue.shift()!;
    for (const [pid, ppid] of map) {
      if (ppid !== parent) continue;
      found.push(pid);
      queue.push(pid);
    }
  }
  return found;
}

export const isAlive = (pid: number): boolean => {
  try {
    return !readFileSync(`/proc/${pid}/stat`, 'utf8').includes(') Z ');
  } catch {
    return false;
  }
};

export function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // already gone
  }
}
