/**
 * Limits on what an archive may unpack to. Uploads are capped by the API (IMPORT_MAX_BYTES); these stop a small
 * upload from expanding without bound (a zip bomb) in memory. Documented in README.md (Configuration).
 */
export type TArchiveLimits = {
  /** Sum of the uncompressed sizes of every entry read, zstd layers included. */
  maxUncompressedBytes: number;
  /** Largest uncompressed/compressed ratio of one entry of at least `ratioFloorBytes` uncompressed. */
  maxRatio: number;
  /** Entries below this uncompressed size are not ratio-checked (a small text file may compress 1000:1). */
  ratioFloorBytes: number;
  /** Entries in one archive. */
  maxEntries: number;
};

export const DEFAULT_ARCHIVE_LIMITS: TArchiveLimits = {
  maxUncompressedBytes: 512 * 1024 * 1024,
  maxRatio: 200,
  ratioFloorBytes: 1024 * 1024,
  maxEntries: 50_000,
};
