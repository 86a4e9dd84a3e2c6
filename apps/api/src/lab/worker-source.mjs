// Development and test entry of the lab trainer process: runs worker.ts through tsx's API (the process is forked
// without the parent's flags, so no `--import tsx` reaches it).
import { tsImport } from 'tsx/esm/api';

await tsImport('./worker.ts', import.meta.url);
