import { runPromote } from '../face/promote.js';

await runPromote('push');
