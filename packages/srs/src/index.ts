export { memoryStateFromJson, memoryStateToJson, newMemoryState } from './memory-state';
export type { TMemoryState, TMemoryStateJson } from './memory-state';
export { createScheduler, DEFAULT_SCHEDULER_SETTINGS } from './scheduler';
export type { TScheduler, TSchedulerSettings } from './scheduler';
