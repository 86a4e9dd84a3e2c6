// Development and test entry of the password worker: runs password-worker.ts through tsx (see lab/worker-source.mjs).
import { tsImport } from 'tsx/esm/api';

await tsImport('./password-worker.ts', import.meta.url);
