import { runActionFace } from '../face/run.js';

await runActionFace('promote');
