import { readFileSync, readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';

/** How a thread's priority was set: its kernel thread id and nice value, or why it was left alone. */
export type ThreadPriority = { tid: number; nice: number } | { skipped: string };

/**
 * Lowers the scheduling priority of the calling thread only (Linux: each thread has its own nice value, and
 * setpriority(2) given a thread id changes that thread). The lab worker thread calls it before it trains, so on a
 * shared machine the kernel gives the API's event loop the CPU first and training the rest. Raising one's own
 * nice value needs no privilege. Elsewhere (macOS, Windows) the call would change the whole process, the API
 * included, so it is not made.
 */
export function lowerThisThreadPriority(nice: number): ThreadPriority {
  if (process.platform !== 'linux') return { skipped: `thread priorities are per process on ${process.platform}` };
  if (nice === 0) return { skipped: 'LAB_NICE is 0' };
  try {
    // "/proc/thread-self" links to "<pid>/task/<tid>" of the thread that reads it.
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    setPriority(tid, nice);
    return { tid, nice: threadNice(tid) };
  } catch (error) {
    return { skipped: error instanceof Error ? error.message : String(error) };
  }
}

/** A thread's nice value as the kernel reports it (field 19 of /proc/self/task/<tid>/stat). */
export function threadNice(tid: number): number {
  const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
  // The command name (field 2) may hold spaces and parentheses; the fields after its closing parenthesis start at 3.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[19 - 3]);
}
