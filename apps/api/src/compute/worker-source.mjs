// Development and test entry of the compute worker: runs worker.ts through tsx (see lab/worker-source.mjs).
import { tsImport } from 'tsx/esm/api';

await tsImport('./worker.ts', import.meta.url);
