// A worker process of `wtlab grade --jobs N` for module 7's lab (forked by src/batch/grade-in-workers.ts).
import { runGradeWorker } from '../src/batch/serve-grade-requests.js';
import { lab } from './index.js';

runGradeWorker({ lab });
