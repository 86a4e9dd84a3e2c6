// Development and test entry of the lab worker: runs worker.ts through tsx. (Node 20 does not apply
// `--import tsx` to a worker's TypeScript entry, so the module is loaded with tsx's API instead.)
import { tsImport } from 'tsx/esm/api';

await tsImport('./worker.ts', import.meta.url);
