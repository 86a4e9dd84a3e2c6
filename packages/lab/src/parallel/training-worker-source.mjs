// Development and test entry of a TrainerPool thread: runs training-worker.ts through tsx's API (worker threads get
// no TypeScript loader from their parent). Production uses the bundled lab-training-worker.js instead.
import { tsImport } from 'tsx/esm/api';

const worker = await tsImport('./training-worker.ts', import.meta.url);
export default worker.default;
