import pkg from '../package.json' with { type: 'json' };

/** The running version, from apps/api/package.json. */
export const APP_VERSION: string = pkg.version;
