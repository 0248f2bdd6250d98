export * from './roles.js';
export * from './access.js';
export * from './errors.js';
export * from './models.js';
export * from './casework.js';
export * from './reports.js';
