/**
 * Reading zip archives (fflate) and zstd frames (fzstd) within limits. fflate sizes each entry's output buffer from
 * the size its central directory declares and never grows it, so checking the declared sizes before inflating bounds
 * memory even when an entry lies about its size (a lying entry comes out truncated, and fails to parse afterwards).
 * zstd is decompressed as a stream and stopped as soon as it passes the budget.
 */
import { unzipSync } from 'fflate';
import { Decompress } from 'fzstd';
import { TransferError } from './errors';
import { DEFAULT_ARCHIVE_LIMITS, type TArchiveLimits } from './limits';

export type TZipEntry = { name: string; compressedSize: number; size: number };

/** Why an entry name is unsafe to use as a path, or null. */
export function unsafeEntryName(name: string): string | null {
  if (name.includes('\0')) return 'contains a NUL character';
  const unified = name.replace(/\\/g, '/');
  if (unified.startsWith('/') || /^[A-Za-z]:/.test(unified)) return 'is an absolute path';
  if (unified.split('/').some((part) => part === '..')) return 'climbs out of the archive with ".."';
  return null;
}

/** A zip archive whose entries were checked against the limits; entries are inflated on demand. */
export class CheckedZip {
  readonly entries: ReadonlyMap<string, TZipEntry>;
  private budget: { left: number };

  private constructor(
    private readonly data: Uint8Array,
    entries: Map<string, TZipEntry>,
    private readonly limits: TArchiveLimits,
  ) {
    this.entries = entries;
    this.budget = { left: limits.maxUncompressedBytes };
  }

  static open(data: Uint8Array, limits: TArchiveLimits = DEFAULT_ARCHIVE_LIMITS): CheckedZip {
    const entries = new Map<string, TZipEntry>();
    try {
      unzipSync(data, {
        filter: (file) => {
          entries.set(file.name, { name: file.name, compressedSize: file.size, size: file.originalSize });
          if (entries.size > limits.maxEntries) throw new TransferError('too-many-entries', `the archive has more than ${limits.maxEntries} entries`);
          return false;
        },
      });
    } catch (err) {
      if (err instanceof TransferError) throw err;
      throw new TransferError('not-a-zip', 'the file is not a zip archive (or it is damaged)');
    }
    let total = 0;
    for (const entry of entries.values()) {
      const unsafe = unsafeEntryName(entry.name);
      if (unsafe) throw new TransferError('unsafe-entry-name', `archive entry "${entry.name.slice(0, 200)}" ${unsafe}; nothing was imported`);
      total += entry.size;
      if (entry.size >= limits.ratioFloorBytes && entry.size > limits.maxRatio * Math.max(entry.compressedSize, 1)) {
        throw new TransferError(
          'zip-bomb',
          `archive entry "${entry.name}" expands ${Math.round(entry.size / Math.max(entry.compressedSize, 1))}:1 (limit ${limits.maxRatio}:1); refused as a possible zip bomb`,
        );
      }
    }
    if (total > limits.maxUncompressedBytes) {
      throw new TransferError('zip-bomb', `the archive would expand to ${mib(total)} (limit ${mib(limits.maxUncompressedBytes)}); refused as a possible zip bomb`);
    }
    return new CheckedZip(data, entries, limits);
  }

  has(name: string): boolean {
    return this.entries.has(name);
  }

  /** The entry's bytes (null when absent). */
  read(name: string): Uint8Array | null {
    const entry = this.entries.get(name);
    if (!entry) return null;
    this.spend(entry.size, name);
    let out: Uint8Array | undefined;
    try {
      out = unzipSync(this.data, { filter: (file) => file.name === name })[name];
    } catch {
      throw new TransferError('not-a-zip', `archive entry "${name}" is damaged`);
    }
    return out ?? null;
  }

  /** Decompresses a zstd frame, counting its output against the same budget as the archive's entries. */
  zstd(data: Uint8Array, what: string): Uint8Array {
    const chunks: Uint8Array[] = [];
    let size = 0;
    const stream = new Decompress((chunk) => {
      size += chunk.length;
      this.spend(chunk.length, what);
      if (size >= this.limits.ratioFloorBytes && size > this.limits.maxRatio * Math.max(data.length, 1)) {
        throw new TransferError('zip-bomb', `"${what}" expands more than ${this.limits.maxRatio}:1; refused as a possible zip bomb`);
      }
      chunks.push(chunk);
    });
    try {
      stream.push(data, true);
    } catch (err) {
      if (err instanceof TransferError) throw err;
      throw new TransferError('not-an-anki-package', `"${what}" is not valid zstd data`);
    }
    return concat(chunks, size);
  }

  private spend(bytes: number, name: string): void {
    this.budget.left -= bytes;
    if (this.budget.left < 0) {
      throw new TransferError('zip-bomb', `"${name}" takes the archive past ${mib(this.limits.maxUncompressedBytes)} uncompressed; refused as a possible zip bomb`);
    }
  }
}

function concat(chunks: Uint8Array[], size: number): Uint8Array {
  if (chunks.length === 1 && chunks[0]) return chunks[0];
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

function mib(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}
