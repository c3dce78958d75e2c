import { runActionFace } from '../face/run.js';

await runActionFace('wait-healthy');
