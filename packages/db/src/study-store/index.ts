export type { CardRecord, MemoryFields, QueueCounts, QueueQuery, ReplayRecord, ReviewContext, ReviewWrite, ReviewWriteResult, StateRecord, StudyCandidate, StudyStore, UndoneReview } from './types';
export { openPostgresStudyStore } from './postgres';
export { openSqliteStudyStore } from './sqlite';
export { WriteGate } from './write-gate';
