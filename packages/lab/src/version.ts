/**
 * Bumped whenever a change could alter any number an experiment returns (models, initialisation, data,
 * training, measurement). Callers use it, with the request, as a cache key.
 */
export const LAB_CODE_VERSION = 'lab-1';
