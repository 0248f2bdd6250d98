import { Foundation1764115200000 } from './1764115200000-foundation.js';

/** Every migration, in order. The API runs pending ones at start under an advisory lock. */
export const MIGRATIONS = [Foundation1764115200000];
