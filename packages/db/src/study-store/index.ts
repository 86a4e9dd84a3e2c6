export type { CardRecord, MemoryFields, Queue, QueueCounts, QueueQuery, ReplayRecord, ReviewContext, ReviewWrite, ReviewWriteResult, StateRecord, StudyCandidate, StudyStore, UndoneReview } from './types';
export { openPostgresStudyStore } from './postgres';
export { openSqliteStudyStore } from './sqlite';
export { WriteGate } from './write-gate';
