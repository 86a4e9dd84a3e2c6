// The bundle entry of a lab trainer's worker thread (dist/lab-training-worker.js, see build.mjs and TrainerPool).
export { default } from '@recurrence/lab/training-worker';
