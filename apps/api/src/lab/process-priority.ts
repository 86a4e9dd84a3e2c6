import { readdirSync, readFileSync } from 'node:fs';
import { setPriority } from 'node:os';

/** How the trainer's priority was set: its process id and nice value (on every thread), or why it was left alone. */
export type ProcessPriority = { pid: number; nice: number; threads: number } | { skipped: string };

/**
 * Lowers the scheduling priority of every thread of this process (the lab trainer's), so on a shared machine the
 * kernel gives the API the CPU first and training what is left. On Linux each thread has its own nice value and
 * setpriority(2) given a thread id changes that thread only: V8's helper threads (garbage collection, compilation)
 * exist before any of our code runs, so each is lowered by its id; threads started later inherit the value of the
 * thread that starts them. Raising one's own nice value needs no privilege. Elsewhere, setpriority on the process
 * id changes the whole process.
 */
export function lowerProcessPriority(nice: number): ProcessPriority {
  if (nice === 0) return { skipped: 'LAB_NICE is 0' };
  try {
    if (process.platform !== 'linux') {
      setPriority(process.pid, nice);
      return { pid: process.pid, nice, threads: 1 };
    }
    const threads = readdirSync('/proc/self/task').map(Number);
    for (const tid of threads) setPriority(tid, nice);
    return { pid: process.pid, nice: Math.min(...threads.map((tid) => threadNice(tid))), threads: threads.length };
  } catch (error) {
    return { skipped: error instanceof Error ? error.message : String(error) };
  }
}

/** A thread's nice value as the kernel reports it (field 19 of /proc/<pid>/task/<tid>/stat). */
export function threadNice(tid: number, pid: number | 'self' = 'self'): number {
  const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
  // The command name (field 2) may hold spaces and parentheses; the fields after its closing parenthesis start at 3.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[19 - 3]);
}

/** The nice values of every thread of a process (Linux). */
export function processThreadNices(pid: number): number[] {
  return readdirSync(`/proc/${pid}/task`).map((tid) => threadNice(Number(tid), pid));
}
