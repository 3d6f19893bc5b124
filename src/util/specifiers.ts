import { typeMatchesSomeSpecifier, type TypeOrValueSpecifier } from '@typescript-eslint/type-utils';
import path from 'node:path';
import * as ts from 'typescript';

/**
 * The project root a `{ from: 'file', path }` specifier is relative to: the directory of the program's tsconfig, not
 * the directory ESLint happens to run from (typescript-eslint's own matcher uses `program.getCurrentDirectory()`).
 */
export function projectRoot(program: ts.Program): string {
  const configFilePath: unknown = program.getCompilerOptions().configFilePath;
  return typeof configFilePath === 'string' ? path.dirname(configFilePath) : program.getCurrentDirectory();
}

/** Whether a file is one of the project's own: not a package's, not one of TypeScript's libs. */
function isProjectFile(program: ts.Program, file: ts.SourceFile): boolean {
  return !program.isSourceFileFromExternalLibrary(file) && !program.isSourceFileDefaultLibrary(file) && !file.fileName.includes('/node_modules/');
}

function fileSpecifierMatches(program: ts.Program, type: ts.Type, specifier: Extract<TypeOrValueSpecifier, { from: 'file' }>): boolean {
  const symbol = type.aliasSymbol ?? type.getSymbol();
  if (!symbol) return false;
  const names = typeof specifier.name === 'string' ? [specifier.name] : specifier.name;
  if (!names.includes(symbol.name)) return false;
  const files = (symbol.declarations ?? []).map(d => d.getSourceFile());
  if (specifier.path === undefined) return files.some(file => isProjectFile(program, file));
  const wanted = path.resolve(projectRoot(program), specifier.path);
  return files.some(file => path.resolve(file.fileName) === wanted);
}

/**
 * typescript-eslint's `typeMatchesSomeSpecifier`, with `{ from: 'file' }` specifiers answered from the program: a
 * type declared in the project's own files, at `path` relative to the tsconfig's directory when given. The same
 * configuration then matches whichever directory ESLint runs from (the workspace root, an editor's folder).
 */
export function typeMatchesSpecifiers(type: ts.Type, specifiers: readonly TypeOrValueSpecifier[], program: ts.Program): boolean {
  const others: TypeOrValueSpecifier[] = [];
  for (const specifier of specifiers) {
    if (typeof specifier !== 'string' && specifier.from === 'file') {
      if (fileSpecifierMatches(program, type, specifier)) return true;
    } else {
      others.push(specifier);
    }
  }
  return others.length > 0 && typeMatchesSomeSpecifier(type, others, program);
}

const packagesByProgram = new WeakMap<ts.Program, ReadonlySet<string> | null>();

/**
 * The packages whose declarations are in the program (`bullmq`, `@types/node` and `node` for it, and the ambient
 * modules such as `worker_threads`), for skipping what a `{ from: 'package' }` specifier can never match; `undefined`
 * when that cannot be told from file paths (a linked package outside any `node_modules`). Cached per program.
 */
export function packagesInProgram(program: ts.Program): ReadonlySet<string> | undefined {
  const cached = packagesByProgram.get(program);
  if (cached !== undefined) return cached ?? undefined;
  const names = new Set<string>();
  let unknown = false;
  for (const file of program.getSourceFiles()) {
    if (!program.isSourceFileFromExternalLibrary(file)) continue;
    const at = file.fileName.lastIndexOf('/node_modules/');
    if (at === -1) {
      unknown = true;
      break;
    }
    const [first, second] = file.fileName.slice(at + '/node_modules/'.length).split('/');
    if (!first) continue;
    const name = first.startsWith('@') && second ? `${first}/${second}` : first;
    names.add(name);
    if (name.startsWith('@types/')) {
      const bare = name.slice('@types/'.length);
      names.add(bare.includes('__') ? `@${bare.replace('__', '/')}` : bare);
    }
  }
  for (const module of program.getTypeChecker().getAmbientModules()) names.add(module.name.replace(/^"|"$/g, ''));
  const result = unknown ? null : names;
  packagesByProgram.set(program, result);
  return result ?? undefined;
}

/** Whether some type of the program can match one of `specifiers` as far as their packages go (see `packagesInProgram`). */
export function specifiersMayMatch(program: ts.Program, specifiers: readonly TypeOrValueSpecifier[]): boolean {
  const packages = packagesInProgram(program);
  return !packages || specifiers.some(s => typeof s === 'string' || s.from !== 'package' || packages.has(s.package));
}
