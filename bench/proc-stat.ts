import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second of /proc/<pid>/stat times; 100 on every Linux this runs on. */
const TICKS_PER_S = 100;

interface ProcStat {
  pid: number;
  ppid: number;
  /** utime + stime of the process itself, in seconds. */
  cpuS: number;
  /** cutime + cstime: CPU of its children that have exited and been reaped, in seconds. */
  reapedCpuS: number;
  rssBytes: number;
}

function readStat(pid: number, path = `/proc/${pid}/stat`): ProcStat | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
  // The command name may hold spaces and parentheses: fields are counted from the last ')'.
  const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
  const n = (i: number) => Number(f[i - 3]);
  return { pid, ppid: n(4), cpuS: (n(14) + n(15)) / TICKS_PER_S, reapedCpuS: (n(16) + n(17)) / TICKS_PER_S, rssBytes: n(24) * 4096 };
}

/** CPU seconds used so far by a process tree (the process, its live descendants, and reaped ones). */
export interface TreeCpu {
  cpuS: number;
  processes: number;
  rssBytes: number;
}

/**
 * CPU seconds of `rootPid` and every process below it, read from /proc (Linux only). Used for the
 * embedded PostgreSQL: the postmaster plus one backend per pooled connection, which outlive the run.
 */
export function treeCpu(rootPid: number): TreeCpu {
  const stats = new Map<number, ProcStat>();
  for (const name of readdirSync('/proc')) {
    const pid = Number(name);
    if (!Number.isInteger(pid)) continue;
    const s = readStat(pid);
    if (s) stats.set(pid, s);
  }
  const inTree = (s: ProcStat): boolean => {
    for (let p: ProcStat | undefined = s; p; p = stats.get(p.ppid)) if (p.pid === rootPid) return true;
    return false;
  };
  let cpuS = 0;
  let rssBytes = 0;
  let processes = 0;
  for (const s of stats.values()) {
    if (!inTree(s)) continue;
    processes++;
    cpuS += s.cpuS + s.reapedCpuS;
    rssBytes += s.rssBytes;
  }
  return { cpuS, processes, rssBytes };
}

/**
 * CPU seconds used so far by this process's main thread and by the whole process (its other threads are
 * V8's garbage-collection and compiler helpers and libuv's pool), both read from /proc at the same clock-tick
 * resolution; null without /proc.
 */
export function threadCpuS(): { mainS: number; allS: number } | null {
  const main = readStat(process.pid, `/proc/${process.pid}/task/${process.pid}/stat`);
  const all = readStat(process.pid);
  return main && all ? { mainS: main.cpuS, allS: all.cpuS } : null;
}

/** True when /proc can be read (Linux). */
export function hasProc(): boolean {
  try {
    readFileSync('/proc/self/stat');
    return true;
  } catch {
    return false;
  }
}
