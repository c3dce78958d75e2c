export * from './spec.js';
export * from './values.js';
export * from './common.js';
export * from './verbs.js';
export * from './faces.js';
export * from './outcome.js';
export { RUNNERS } from './run/index.js';
// What a face needs around a run, all light modules: the verbs load with their runner.
export { InputError, exitCodeOf, messageOf } from '../errors.js';
export { parseBoolean } from '../input-values.js';
export { parseDuration } from '../duration.js';
export { Redactor, type Reporter } from '../report.js';
export { DEFAULT_DEADLINE_MS, DeadlineError, SIGNAL_EXIT_CODES, cleanUp, installSignalHandlers, interruptedBy, withDeadline } from '../lifecycle.js';
export { MAX_OUTPUT_FIELD, capJson, capOutputs, truncate } from '../output-limits.js';
