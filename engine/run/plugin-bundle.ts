/**
 * A plugin file compiled into one self-contained script (esbuild: TypeScript
 * or JavaScript, ES module or CommonJS, its own imports bundled in), which a
 * plugin worker evaluates in a fresh sandbox for every job. Compiling only
 * reads the file: no plugin code runs here. A plugin may import pure
 * JavaScript (its own helpers, npm packages, the engine's criterion helpers)
 * but none of Node's modules: plugins get no files, network, processes or
 * timers. Mistakes found here (syntax, a missing module) are the user's to
 * fix before the run: they come back as one line with file:line:column.
 */
import { builtinModules } from 'node:module';
import { relative } from 'node:path';
import type { Message, Plugin } from 'esbuild';

/** The largest plugin file compiled (a plugin is a small script, not a data file). */
export const MAX_PLUGIN_BYTES = 5_000_000;

const NODE_MODULES = new Set(builtinModules.map((m) => m.replace(/^node:/, '').split('/')[0]!));

const refuseNodeModules: Plugin = {
  name: 'rally-no-node-modules',
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, (a) => {
      const name = a.path.replace(/^node:/, '').split('/')[0]!;
      if (!a.path.startsWith('node:') && !NODE_MODULES.has(name)) return undefined;
      return { errors: [{ text: `imports Node's '${a.path}': plugins run sandboxed, without Node's modules (no files, network, processes or timers)` }] };
    });
  },
};

function where(m: Message): string {
  const l = m.location;
  if (!l) return '';
  return `${relative(process.cwd(), l.file) || l.file}:${l.line}:${l.column + 1}: `;
}

/** The plugin as one script (CommonJS body: it fills `module.exports`), or what stops it compiling. */
export async function bundlePlugin(path: string): Promise<{ code: string } | { error: string }> {
  const esbuild = await import('esbuild');
  try {
    const r = await esbuild.build({
      entryPoints: [path], bundle: true, write: false, format: 'cjs', platform: 'node', target: 'es2022',
      logLevel: 'silent', legalComments: 'none', charset: 'utf8', plugins: [refuseNodeModules],
    });
    return { code: r.outputFiles[0]!.text };
  } catch (e) {
    const errors = (e as { errors?: Message[] }).errors;
    const first = errors?.[0];
    if (first) return { error: `${where(first)}${first.text}${errors.length > 1 ? ` (and ${errors.length - 1} more)` : ''}` };
    return { error: String((e as Error)?.message ?? e).split('\n')[0]! };
  }
}
