// Preloaded (`node --import`) into a `rally run` that test/output-folder.test.ts kills with SIGKILL
// at an exact step of writing its output folder, instead of at a random moment (which almost never
// lands in the few milliseconds the folder is written and swapped in).
//
// Every file-system change this process makes under RALLY_TEST_FS_UNDER (a folder) is counted by
// kind and path; RALLY_TEST_KILL_BEFORE="<call> <path regex> <n>" (e.g. "renameSync ^/\.out\.old- 1",
// paths relative to that folder) sends this process SIGKILL just before the n-th matching change,
// so the change and everything after it never happen, as with a kill -9 from outside.
// RALLY_TEST_FS_LOG names a file (outside that folder) that gets one line per change.
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';

const under = process.env.RALLY_TEST_FS_UNDER?.replace(/\/+$/, '');
const [call, pattern = '', nth] = (process.env.RALLY_TEST_KILL_BEFORE ?? '').split(' ');
const matches = new RegExp(pattern.replaceAll('PID', String(process.pid)));
const log = process.env.RALLY_TEST_FS_LOG;
const append = fs.appendFileSync;
const kill = process.kill.bind(process);
const CHANGES = ['writeFileSync', 'linkSync', 'renameSync', 'rmSync', 'rmdirSync', 'unlinkSync', 'mkdirSync'];
let seen = 0;
let inside = false; // a change made by a change (rmSync's own unlinks, appendFileSync's write) is not counted again

if (under) {
  for (const name of CHANGES) {
    const real = fs[name];
    fs[name] = function changed(...args) {
      const paths = args.slice(0, name === 'linkSync' || name === 'renameSync' ? 2 : 1).filter((a) => typeof a === 'string');
      if (!inside && paths.some((p) => p.startsWith(`${under}/`))) {
        const rel = paths.map((p) => p.slice(under.length));
        if (name === call && matches.test(rel[0]) && ++seen === Number(nth)) kill(process.pid, 'SIGKILL');
        if (log) { inside = true; try { append(log, `${name} ${rel.join(' ')}\n`); } finally { inside = false; } }
      }
      const outer = !inside;
      inside = true;
      try {
        return real.apply(this, args);
      } finally {
        if (outer) inside = false;
      }
    };
  }
  syncBuiltinESMExports(); // the engine's `import { renameSync } from 'node:fs'` bindings see the wrappers
}
