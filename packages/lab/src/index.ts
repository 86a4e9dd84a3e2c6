/**
 * @recurrence/lab — small models trained live with TensorFlow.js to "work" the answers of ML interview
 * cards. Entry points: `runExperiment(request, { onProgress, signal })` (and `runExperimentWithExport`),
 * the `experiments` registry, `selectBackend`, `LAB_CODE_VERSION`. See README.md.
 */
export {
  BACKEND_ORDER,
  BACKEND_PACKAGES,
  currentBackendName,
  defaultImporter,
  defaultWasmDir,
  ensureBackend,
  selectBackend,
  selectRunBackends,
  useBackend,
  useRunBackend,
  type BackendAttempt,
  type ModuleImporter,
  type SelectBackendOptions,
} from './backend';
export { LabCancelledError, LabParamsError, isLabCancelledError } from './errors';
export { LAB_CODE_VERSION } from './version';
export type { ProgressCallback, RunOptions } from './experiments/context';
export {
  experiments,
  parseLabRequest,
  runExperiment,
  runExperimentWithExport,
  type ExperimentDefinition,
  type ExperimentRunOptions,
  type LabRunOptions,
  MOST_TRAININGS_PER_RUN,
} from './experiments/registry';
export { POOL_BACKENDS, TrainerPool, TRAINING_WORKER_SOURCE, createTrainerPool, type TrainerPoolOptions, type TrainingSpan } from './parallel/pool';
export { MAX_LAB_TRAINERS, defaultLabTrainers, labTrainersProblem, parseLabTrainers } from './parallel/trainers';
export { float32ToJson } from './export-format';
// Model building blocks (used by the benchmarks; stable enough to import, but not a public API promise).
export { Rng, mulberry32 } from './random';
export { initRecurrent, recurrentLastHidden, type RecurrentKind, type RecurrentWeights } from './models/recurrent';
export { classifierStep, initClassifier, type ClassifierConfig, type TokenBatch } from './models/classifier';
export {
  initTransformer,
  multiHeadAttention,
  transformerEncode,
  sinusoidalTable,
  type AttentionWeights,
  type TransformerConfig,
} from './models/transformer';
export { Adam } from './training/adam';
export { longRangeBatch, longRangeVocab } from './tasks/long-range';
export { gradientFlowConfig } from './experiments/gradient-flow';
export {
  BACKEND_CROSSOVER,
  backendForRun,
  backendWork,
  nativeIsFaster,
  runModels,
  type BackendWorkSize,
  type RunBackends,
  type RunModel,
} from './backend-choice';
