// The public surface of the core: ports, adapters, verbs. Faces import only from here.
export * from './errors.js';
export * from './report.js';
export * from './templates.js';
export * from './ci-context.js';
export * from './duration.js';
export * from './manifest/index.js';
export * from './config/index.js';
export * from './version/tag.js';
export * from './envrepo/port.js';
export * from './envrepo/open.js';
export * from './verbs/plan.js';
export * from './verbs/promote.js';
export * from './verbs/rollback.js';
export * from './envrepo/git.js';
export * from './health/index.js';
export * from './verbs/wait-healthy.js';
export * from './verbs/gate-environment.js';
