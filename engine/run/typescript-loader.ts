/**
 * Plugins written in TypeScript (.ts, .mts, .cts) need tsx's loader. The engine
 * itself runs as plain JS (engine/cli/build.mjs), so the loader is registered
 * only when such a plugin is first imported, once per thread; when the engine's
 * own sources run under tsx, it is already there.
 */
let registered = false;

export async function ensureTypeScriptLoader(file: string): Promise<void> {
  if (registered || !/\.[mc]?ts$/i.test(file) || import.meta.url.endsWith('.ts')) return;
  const { register } = await import('tsx/esm/api');
  register();
  registered = true;
}
