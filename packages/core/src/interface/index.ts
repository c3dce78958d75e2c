export * from './spec.js';
export * from './values.js';
export * from './common.js';
export * from './verbs.js';
export * from './faces.js';
