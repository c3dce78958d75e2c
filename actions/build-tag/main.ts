import { runActionFace } from '../face/run.js';

await runActionFace('build-tag');
