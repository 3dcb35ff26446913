// A `node --import` hook for tests: appends the URL of every ES module this process loads (and its
// forked children, which inherit the flag) to the file named by $WTLAB_LOAD_LOG.
import { register } from 'node:module';

register('./log-loads-hooks.mjs', import.meta.url);
