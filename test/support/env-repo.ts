/** The env repo fixture lives in the sandbox package (benches and the demo use it too). */
export * from '../../packages/sandbox/src/env-repo-fixture.js';
