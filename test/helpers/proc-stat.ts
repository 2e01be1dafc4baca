// Linux's /proc/<pid>/stat, read for tests and benchmarks that look at other processes (their CPU, their parent).
import { readFileSync } from 'node:fs';

/** The fields of /proc/<pid>/stat after the command name (which may hold spaces and parentheses): [0] is the state,
 *  [1] the parent pid, [11]–[14] utime, stime, cutime, cstime in clock ticks. Undefined where there is no /proc
 *  (not Linux) or the process is gone. */
export function procStat(pid: number, thread?: number): string[] | undefined {
  try {
    // With a thread id, that one thread's (its CPU alone); /proc/<pid>/stat sums all of the process's threads.
    const stat = readFileSync(thread === undefined ? `/proc/${pid}/stat` : `/proc/${pid}/task/${thread}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}
