export { buildProgram, main } from './program.js';
export { CliReporter } from './reporter.js';
export { toDotenv, dotenvName } from './run.js';
