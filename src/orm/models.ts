import { statSync } from 'node:fs';
import path from 'node:path';
import * as ts from 'typescript';
import { entry } from '../analysis/cache.js';
import { packageOfFile } from '../util/ts-nodes.js';
import { drizzlePackage } from './drizzle.js';
import type { DiscoveredModel } from './entity-model.js';
import { kyselyPackage } from './kysely.js';
import { mikroOrm } from './mikro-orm.js';
import { sequelize } from './sequelize.js';
import { typeorm } from './typeorm.js';

/**
 * The known-model index of no-unimported-models: which names are models in a file, and from which module each can
 * be imported. Models come from `settings['orm-hygiene'].modelModules` (resolved like an import in the linted file),
 * from the entity model's discovery and from the rule's `models` option.
 */

/** One name a module exports. */
export interface ModelExport {
  readonly name: string;
  /** The file of the declaration the name denotes, after re-exports. */
  readonly fileName: string;
  /** Equal for two exports of the same declaration (a ts.Symbol, or `file#name` without type information). */
  readonly key: unknown;
  /** Only a type can be imported under this name (`export type`, an interface, a Prisma model type). */
  readonly typeOnly: boolean;
  /** The declaration's symbol, when the module was read through the type checker. */
  readonly symbol?: ts.Symbol;
}

/** A resolved entry of `modelModules`. */
export interface ModelModule {
  readonly specifier: string;
  readonly fileName: string;
  readonly exports: ReadonlyMap<string, ModelExport>;
  /** Files whose declarations the module exports (a barrel's members). */
  readonly members: ReadonlySet<string>;
}

export interface ModelCandidate {
  readonly export: ModelExport;
  /** The configured model module that exports it; undefined when it is imported from its declaring file. */
  readonly module: ModelModule | undefined;
}

/** Resolves specifiers and reads module exports, with or without a program. */
export interface ModuleReader {
  resolve(specifier: string, fromFile: string): string | undefined;
  exportsOf(fileName: string): ReadonlyMap<string, ModelExport>;
}

export interface ModelIndex {
  /** Whether `name` is a known model in this file. */
  has(name: string): boolean;
  readonly modules: readonly ModelModule[];
  /** `modelModules` entries that do not resolve from this file. */
  readonly unresolvedModules: readonly string[];
  /**
   * Distinct declarations a reference to `name` could be imported from (none declared in this file): the exports of
   * the model modules, or when none exports the name, the discovered models.
   */
  candidates(name: string): readonly ModelCandidate[];
  /** Whether an import with this specifier (from this file) brings in models: a model module or an ORM package. */
  isModelSource(specifier: string): boolean;
  readonly reader: ModuleReader;
}

/** Packages whose imports mark a file as one that works with models. */
const ormPackages: readonly string[] = [
  ...typeorm.packages,
  ...mikroOrm.packages,
  ...sequelize.packages,
  drizzlePackage,
  kyselyPackage,
  '@prisma/client',
];

/** Whether a module specifier or package name is (a subpath of) an ORM package. */
export function isOrmPackage(specifier: string | undefined): boolean {
  if (specifier === undefined) return false;
  return specifier.startsWith('@mikro-orm/') || ormPackages.some(p => specifier === p || specifier.startsWith(`${p}/`));
}

// --- without a program: syntax only -----------------------------------------------------------------------------

type LocalBinding = { kind: 'value' | 'type' } | { kind: 'import'; specifier: string; imported: string; typeOnly: boolean };

function isExported(node: ts.Node): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some(m => m.kind === ts.SyntaxKind.ExportKeyword);
}

function scriptKind(fileName: string): ts.ScriptKind {
  if (/\.[cm]?tsx?$/u.test(fileName)) return fileName.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
  return fileName.endsWith('x') ? ts.ScriptKind.JSX : ts.ScriptKind.JS;
}

function localBindings(file: ts.SourceFile): Map<string, LocalBinding> {
  const locals = new Map<string, LocalBinding>();
  for (const statement of file.statements) {
    if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier)) {
      const clause = statement.importClause;
      const specifier = statement.moduleSpecifier.text;
      if (clause?.name) locals.set(clause.name.text, { kind: 'import', specifier, imported: 'default', typeOnly: ts.isTypeOnlyImportDeclaration(clause) });
      if (clause?.namedBindings && ts.isNamedImports(clause.namedBindings)) {
        for (const element of clause.namedBindings.elements) {
          const imported = (element.propertyName ?? element.name).text;
          locals.set(element.name.text, { kind: 'import', specifier, imported, typeOnly: ts.isTypeOnlyImportDeclaration(element) });
        }
      }
    } else if (ts.isClassDeclaration(statement) || ts.isFunctionDeclaration(statement) || ts.isEnumDeclaration(statement)) {
      if (statement.name) locals.set(statement.name.text, { kind: 'value' });
    } else if (ts.isInterfaceDeclaration(statement) || ts.isTypeAliasDeclaration(statement)) {
      locals.set(statement.name.text, { kind: 'type' });
    } else if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) {
        if (ts.isIdentifier(declaration.name)) locals.set(declaration.name.text, { kind: 'value' });
      }
    }
  }
  return locals;
}

/** `module.exports = { A, B }`, `exports.A = ...`, `module.exports.A = ...` */
function commonJsExports(statement: ts.Statement): string[] {
  if (!ts.isExpressionStatement(statement) || !ts.isBinaryExpression(statement.expression)) return [];
  const { left, right, operatorToken } = statement.expression;
  if (operatorToken.kind !== ts.SyntaxKind.EqualsToken || !ts.isPropertyAccessExpression(left)) return [];
  const target = left.expression;
  const isModuleExports = (node: ts.Expression): boolean =>
    ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'module' && node.name.text === 'exports';
  if (isModuleExports(left) && ts.isObjectLiteralExpression(right)) {
    return right.properties.flatMap(p => (p.name && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) ? [p.name.text] : []));
  }
  if ((ts.isIdentifier(target) && target.text === 'exports') || isModuleExports(target)) return [left.name.text];
  return [];
}

interface CachedExports {
  readonly mtimeMs: number;
  readonly exports: ReadonlyMap<string, ModelExport>;
}

/**
 * Reads exports by parsing files (no program): declarations, `export { }` lists, re-exports followed through
 * `resolve`, and simple CommonJS assignments. `cache` holds results per file, checked against the file's mtime.
 */
export function syntacticExports(
  fileName: string,
  resolve: (specifier: string, fromFile: string) => string | undefined,
  cache: Map<string, CachedExports>,
  visiting: Set<string> = new Set(),
): ReadonlyMap<string, ModelExport> {
  let mtimeMs: number;
  try {
    mtimeMs = statSync(fileName).mtimeMs;
  } catch {
    return new Map();
  }
  const cached = cache.get(fileName);
  if (cached?.mtimeMs === mtimeMs) return cached.exports;
  if (visiting.has(fileName)) return new Map();
  visiting.add(fileName);
  const text = ts.sys.readFile(fileName) ?? '';
  const file = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, scriptKind(fileName));
  const locals = localBindings(file);
  const exports = new Map<string, ModelExport>();
  const own = (name: string, typeOnly: boolean): ModelExport => ({ name, fileName, key: `${fileName}#${name}`, typeOnly });
  const follow = (specifier: string, imported: string, exported: string, typeOnly: boolean): ModelExport => {
    const target = resolve(specifier, fileName);
    const origin = target ? syntacticExports(target, resolve, cache, visiting).get(imported) : undefined;
    if (origin) return { ...origin, name: exported, typeOnly: origin.typeOnly || typeOnly };
    return { name: exported, fileName: target ?? fileName, key: `${target ?? specifier}#${imported}`, typeOnly };
  };
  const local = (name: string, exported: string, typeOnly: boolean): ModelExport => {
    const binding = locals.get(name);
    if (binding?.kind === 'import') return follow(binding.specifier, binding.imported, exported, typeOnly || binding.typeOnly);
    return { ...own(name, typeOnly || binding?.kind === 'type'), name: exported };
  };
  const stars: { specifier: string; typeOnly: boolean }[] = [];
  for (const statement of file.statements) {
    if (ts.isExportDeclaration(statement)) {
      const specifier = statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier) ? statement.moduleSpecifier.text : undefined;
      const clause = statement.exportClause;
      if (!clause) {
        if (specifier !== undefined) stars.push({ specifier, typeOnly: statement.isTypeOnly });
      } else if (ts.isNamespaceExport(clause)) {
        exports.set(clause.name.text, { ...own(clause.name.text, statement.isTypeOnly), key: `${specifier ?? ''}#*` });
      } else {
        for (const element of clause.elements) {
          const imported = (element.propertyName ?? element.name).text;
          const typeOnly = statement.isTypeOnly || element.isTypeOnly;
          const exported = element.name.text;
          exports.set(exported, specifier === undefined ? local(imported, exported, typeOnly) : follow(specifier, imported, exported, typeOnly));
        }
      }
    } else if (isExported(statement)) {
      if (ts.isVariableStatement(statement)) {
        for (const declaration of statement.declarationList.declarations) {
          if (ts.isIdentifier(declaration.name)) exports.set(declaration.name.text, own(declaration.name.text, false));
        }
      } else if ((ts.isClassDeclaration(statement) || ts.isFunctionDeclaration(statement) || ts.isEnumDeclaration(statement)) && statement.name) {
        exports.set(statement.name.text, own(statement.name.text, false));
      } else if (ts.isInterfaceDeclaration(statement) || ts.isTypeAliasDeclaration(statement)) {
        exports.set(statement.name.text, own(statement.name.text, true));
      }
    } else {
      for (const name of commonJsExports(statement)) exports.set(name, local(name, name, false));
    }
  }
  for (const star of stars) {
    const target = resolve(star.specifier, fileName);
    if (!target) continue;
    for (const [name, entry] of syntacticExports(target, resolve, cache, visiting)) {
      if (name !== 'default' && !exports.has(name)) exports.set(name, star.typeOnly ? { ...entry, typeOnly: true } : entry);
    }
  }
  exports.delete('default');
  visiting.delete(fileName);
  cache.set(fileName, { mtimeMs, exports });
  return exports;
}

interface FileSystemState {
  readonly options: Map<string, ts.CompilerOptions>;
  readonly resolutions: Map<string, string>;
  readonly exports: Map<string, CachedExports>;
}

const fileSystemStates = new WeakMap<object, FileSystemState>();

const defaultOptions: ts.CompilerOptions = {
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  allowJs: true,
};

/** Compiler options of the nearest tsconfig.json / jsconfig.json (for `paths`), without listing its files. */
function nearestOptions(state: FileSystemState, directory: string): ts.CompilerOptions {
  const cached = state.options.get(directory);
  if (cached) return cached;
  const exists = (file: string): boolean => ts.sys.fileExists(file);
  const configFile = ts.findConfigFile(directory, exists) ?? ts.findConfigFile(directory, exists, 'jsconfig.json');
  let options = defaultOptions;
  if (configFile) {
    const host: ts.ParseConfigFileHost = {
      ...ts.sys,
      readDirectory: () => [],
      onUnRecoverableConfigFileDiagnostic: () => undefined,
    };
    const parsed = ts.getParsedCommandLineOfConfigFile(configFile, undefined, host);
    if (parsed) options = { ...defaultOptions, ...parsed.options, allowJs: true };
  }
  state.options.set(directory, options);
  return options;
}

/**
 * A reader for files linted without type information. Its caches live as long as the settings object (one per
 * ESLint config); exports are re-read when a file's mtime changes.
 */
export function fileSystemReader(cacheOwner: object): ModuleReader {
  let state = fileSystemStates.get(cacheOwner);
  if (!state) {
    state = { options: new Map(), resolutions: new Map(), exports: new Map() };
    fileSystemStates.set(cacheOwner, state);
  }
  const { resolutions, exports } = state;
  const current = state;
  const resolve = (specifier: string, fromFile: string): string | undefined => {
    const directory = path.dirname(fromFile);
    const key = `${directory}\0${specifier}`;
    const cached = resolutions.get(key);
    if (cached !== undefined) return cached;
    const result = ts.resolveModuleName(specifier, fromFile, nearestOptions(current, directory), ts.sys).resolvedModule?.resolvedFileName;
    if (result !== undefined) resolutions.set(key, result); // failures are retried: the file may appear
    return result;
  };
  return { resolve, exportsOf: fileName => syntacticExports(fileName, resolve, exports) };
}

// --- with a program ------------------------------------------------------------------------------------------------

interface ProgramState {
  readonly resolutions: Map<string, string | null>;
  readonly exports: Map<string, ReadonlyMap<string, ModelExport>>;
  readonly syntactic: Map<string, CachedExports>;
  readonly reader: ModuleReader;
}

const programStates = new WeakMap<ts.Program, ProgramState>();

function isTypeOnlyAlias(symbol: ts.Symbol): boolean {
  return (symbol.declarations ?? []).some(d => ts.isTypeOnlyImportOrExportDeclaration(d));
}

function checkerExports(checker: ts.TypeChecker, file: ts.SourceFile): ReadonlyMap<string, ModelExport> {
  const exports = new Map<string, ModelExport>();
  const moduleSymbol = checker.getSymbolAtLocation(file);
  if (!moduleSymbol) return exports;
  for (const exported of checker.getExportsOfModule(moduleSymbol)) {
    if (exported.name === 'default' || exported.name === 'export=') continue;
    let target = exported;
    let typeOnly = false;
    for (let depth = 0; target.flags & ts.SymbolFlags.Alias && depth < 16; depth++) {
      typeOnly ||= isTypeOnlyAlias(target);
      const next = checker.getImmediateAliasedSymbol(target);
      if (!next || next === target) break;
      target = next;
    }
    if (target.flags & ts.SymbolFlags.Alias) target = checker.getAliasedSymbol(target);
    if (!(target.flags & ts.SymbolFlags.Value)) typeOnly = true;
    const declaration = target.declarations?.[0];
    exports.set(exported.name, {
      name: exported.name,
      fileName: declaration ? declaration.getSourceFile().fileName : file.fileName,
      key: target,
      typeOnly,
      symbol: target,
    });
  }
  return exports;
}

/** A reader over a program (cached per program): resolution with its compiler options, exports via the checker. */
export function programReader(program: ts.Program): ModuleReader {
  const existing = programStates.get(program);
  if (existing) return existing.reader;
  const resolutions = new Map<string, string | null>();
  const exportsByFile = new Map<string, ReadonlyMap<string, ModelExport>>();
  const syntactic = new Map<string, CachedExports>();
  const options = program.getCompilerOptions();
  const resolve = (specifier: string, fromFile: string): string | undefined => {
    const mode = program.getSourceFile(fromFile)?.impliedNodeFormat;
    const key = `${path.dirname(fromFile)}\0${String(mode)}\0${specifier}`;
    const cached = resolutions.get(key);
    if (cached !== undefined) return cached ?? undefined;
    const resolved = ts.resolveModuleName(specifier, fromFile, options, ts.sys, undefined, undefined, mode).resolvedModule;
    resolutions.set(key, resolved?.resolvedFileName ?? null);
    return resolved?.resolvedFileName;
  };
  const reader: ModuleReader = {
    resolve,
    exportsOf(fileName) {
      const cached = exportsByFile.get(fileName);
      if (cached) return cached;
      const file = program.getSourceFile(fileName);
      // A module outside the program (not included, never imported) is read syntactically.
      const exports = file ? checkerExports(program.getTypeChecker(), file) : syntacticExports(fileName, resolve, syntactic);
      exportsByFile.set(fileName, exports);
      return exports;
    },
  };
  programStates.set(program, { resolutions, exports: exportsByFile, syntactic, reader });
  return reader;
}

/** Where a global symbol is declared when that is a default lib file or `@types/node`: `lib.dom.d.ts`, `@types/node`. */
export function libGlobalOrigin(program: ts.Program, symbol: ts.Symbol): string | undefined {
  for (const declaration of symbol.declarations ?? []) {
    const file = declaration.getSourceFile();
    if (program.isSourceFileDefaultLibrary(file)) return path.basename(file.fileName);
    if (packageOfFile(file.fileName) === '@types/node') return '@types/node';
  }
  return undefined;
}

// --- the per-file index ------------------------------------------------------------------------------------------

export interface ModelIndexInput {
  readonly reader: ModuleReader;
  /** The linted file. */
  readonly fileName: string;
  readonly modelModules: readonly string[];
  /** Names from the rule's `models` option. */
  readonly models: readonly string[];
  /** The models of that name discovered in the program (with type information only; see `discoverModelsNamed`). */
  readonly discovered: ((name: string) => readonly DiscoveredModel[]) | undefined;
}

const memberFileSets = new WeakMap<ReadonlyMap<string, ModelExport>, ReadonlySet<string>>();

/** The files a module's exports are declared in, kept as long as the reader keeps the exports (a barrel: thousands). */
function memberFiles(exports: ReadonlyMap<string, ModelExport>): ReadonlySet<string> {
  return entry(memberFileSets, exports, () => new Set([...exports.values()].map(e => e.fileName)));
}

/** The known models of one file. Module resolution and exports are cached by the reader; this object is cheap. */
export function modelIndex(input: ModelIndexInput): ModelIndex {
  const { reader, fileName } = input;
  const modules: ModelModule[] = [];
  const unresolvedModules: string[] = [];
  for (const specifier of input.modelModules) {
    const resolved = reader.resolve(specifier, fileName);
    if (resolved === undefined) {
      unresolvedModules.push(specifier);
      continue;
    }
    const exports = reader.exportsOf(resolved);
    modules.push({ specifier, fileName: resolved, exports, members: memberFiles(exports) });
  }
  const discovered = input.discovered ?? ((): readonly DiscoveredModel[] => []);
  const extra = new Set(input.models);
  return {
    reader,
    modules,
    unresolvedModules,
    has: name => extra.has(name) || modules.some(m => m.exports.has(name)) || discovered(name).length > 0,
    candidates(name) {
      const found: ModelCandidate[] = [];
      const seen = new Set<unknown>();
      const add = (entry: ModelExport | undefined, module: ModelModule | undefined): void => {
        if (!entry || seen.has(entry.key) || entry.fileName === fileName) return;
        seen.add(entry.key);
        found.push({ export: entry, module });
      };
      for (const module of modules) add(module.exports.get(name), module);
      // A name the configured model modules export is imported from them; discovery is for the other names.
      if (found.length > 0) return found;
      for (const model of discovered(name)) {
        const entry = reader.exportsOf(model.fileName).get(name);
        if (entry?.fileName === model.fileName) add(entry, undefined);
      }
      return found;
    },
    isModelSource(specifier) {
      if (isOrmPackage(specifier) || input.modelModules.includes(specifier)) return true;
      const resolved = reader.resolve(specifier, fileName);
      return resolved !== undefined && modules.some(m => m.fileName === resolved || m.members.has(resolved));
    },
  };
}

/**
 * The specifier to import a candidate with: the configured model module, unless the linted file is itself one of
 * that module's members (importing a barrel from inside it creates an import cycle); then its declaring file.
 */
export function candidateSpecifier(candidate: ModelCandidate, fileName: string, relative: (toFile: string) => string): string {
  const { module } = candidate;
  const declaredInProject = !candidate.export.fileName.includes('/node_modules/');
  if (module && !(declaredInProject && module.members.has(fileName))) return module.specifier;
  return relative(candidate.export.fileName);
}
