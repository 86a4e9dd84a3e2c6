export { DatabaseConfigError, parseDatabaseUrl, redactDatabaseUrl, withDatabaseName } from './config';
export type { DatabaseConfig, DatabaseProvider } from './config';
export { openDatabase } from './client';
export { Prisma } from './client';
export type { Database, PrismaClient } from './client';
export { applyMigrations, createMigration, migrationStatus } from './migrate/migrate';
export { runOnMaintenanceDb } from './migrate/adapters';
