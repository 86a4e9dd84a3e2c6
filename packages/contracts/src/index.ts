export * from './api-error';
export * from './auth';
export * from './card';
export * from './health';
export * from './lab';
export * from './lab-run';
export * from './settings';
export * from './study';
