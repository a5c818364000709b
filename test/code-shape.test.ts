// Small modules and short functions, enforced: no source file over 500 lines and no function
// over 80 lines, except the few listed below with the reason.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { ROOT } from './support/shared-data.ts';
import { sourceFiles } from './support/source-files.ts';

const MAX_FILE_LINES = 500;
const MAX_FUNCTION_LINES = 80;

/** Exceptions, each with the reason it is allowed. Keys: `file` or `file:function`. */
const ALLOWED: Record<string, string> = {
  'datasets/embedded.ts': 'generated data, not code',
};

const files = ['engine', 'datasets', 'strategies', 'reports'].flatMap((f) => sourceFiles(join(ROOT, f)));

function functionName(node: ts.Node): string {
  const named = node as ts.Node & { name?: ts.Node };
  if (named.name && ts.isIdentifier(named.name)) return named.name.text;
  if (ts.isVariableDeclaration(node.parent) && ts.isIdentifier(node.parent.name)) return node.parent.name.text;
  if (ts.isPropertyAssignment(node.parent) && ts.isIdentifier(node.parent.name)) return node.parent.name.text;
  return `<anonymous@${node.getSourceFile().getLineAndCharacterOfPosition(node.getStart()).line + 1}>`;
}

/** Every function-like node longer than the limit, as `file:name (lines)`. */
export function longFunctions(file: string, text: string, limit = MAX_FUNCTION_LINES): string[] {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
  const out: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body) {
      const start = sf.getLineAndCharacterOfPosition(node.getStart()).line;
      const end = sf.getLineAndCharacterOfPosition(node.getEnd()).line;
      if (end - start + 1 > limit) out.push(`${file}:${functionName(node)} (${end - start + 1} lines)`);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

describe('code shape', () => {
  it(`no source file over ${MAX_FILE_LINES} lines`, () => {
    const long = files
      .map((f) => ({ f: relative(ROOT, f), n: readFileSync(f, 'utf8').split('\n').length }))
      .filter(({ f, n }) => n > MAX_FILE_LINES && !(f in ALLOWED))
      .map(({ f, n }) => `${f} (${n} lines)`);
    expect(long).toEqual([]);
  });

  it(`no function over ${MAX_FUNCTION_LINES} lines`, () => {
    const long = files.flatMap((f) => longFunctions(relative(ROOT, f), readFileSync(f, 'utf8')))
      .filter((entry) => !(entry.replace(/ \(\d+ lines\)$/, '') in ALLOWED));
    expect(long).toEqual([]);
  });

  it('engine/README.md\'s module map names every engine module, and every module it names exists', () => {
    const readme = readFileSync(join(ROOT, 'engine', 'README.md'), 'utf8');
    const engineFiles = sourceFiles(join(ROOT, 'engine')).map((f) => relative(join(ROOT, 'engine'), f));
    const named = new Set([...readme.matchAll(/`([\w./-]+\.(?:ts|mjs))`/g)].map((m) => m[1]!.split('/').pop()!));
    const unnamed = engineFiles.filter((f) => !named.has(f.split('/').pop()!));
    expect(unnamed).toEqual([]);
    const basenames = new Set(engineFiles.map((f) => f.split('/').pop()!));
    expect([...named].filter((n) => !basenames.has(n))).toEqual([]);
  });

  it('measures a long function', () => {
    const body = Array.from({ length: 90 }, (_, i) => `  x += ${i};`).join('\n');
    expect(longFunctions('a.ts', `export function big(): number {\n  let x = 0;\n${body}\n  return x;\n}\n`)).toEqual(['a.ts:big (94 lines)']);
  });
});
