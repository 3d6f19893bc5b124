import { AST_NODE_TYPES, AST_TOKEN_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import path from 'node:path';
import { lineBreakOf } from './fixes.js';

/**
 * Fixers that add or change ES import declarations, keeping the file's own conventions: specifier order (when the
 * list is sorted), single- vs multi-line lists, trailing commas, quotes, semicolons, relative-path extensions.
 */

type SourceCode = Readonly<TSESLint.SourceCode>;
type Fixer = TSESLint.RuleFixer;
type Fix = TSESLint.RuleFix;

/** How a file writes relative imports: `./user` (`none`), `./user.js` (NodeNext, `js`) or `./user.ts` (`ts`). */
export type ImportExtensionStyle = 'none' | 'js' | 'ts';

const jsExtension = /\.(?:[cm]?js|jsx)$/u;
const tsExtension = /\.(?:[cm]?ts|tsx)$/u;

/** The extension style of the file's relative imports and re-exports, or `fallback` when it has none. */
export function relativeImportStyle(program: TSESTree.Program, fallback: ImportExtensionStyle): ImportExtensionStyle {
  let style: ImportExtensionStyle | undefined;
  for (const statement of program.body) {
    const source =
      statement.type === AST_NODE_TYPES.ImportDeclaration ||
      statement.type === AST_NODE_TYPES.ExportAllDeclaration ||
      statement.type === AST_NODE_TYPES.ExportNamedDeclaration
        ? statement.source?.value
        : undefined;
    if (source === undefined || !source.startsWith('.')) continue;
    if (jsExtension.test(source)) return 'js';
    if (tsExtension.test(source) && !source.endsWith('.d.ts')) return 'ts';
    style ??= 'none';
  }
  return style ?? fallback;
}

/** The relative specifier from `fromFile` to the module file `toFile`, written in `style`. */
export function relativeSpecifier(fromFile: string, toFile: string, style: ImportExtensionStyle): string {
  let relative = path.relative(path.dirname(fromFile), toFile).split(path.sep).join('/');
  if (!relative.startsWith('.')) relative = `./${relative}`;
  const match = /\.(d\.)?([cm]?)(ts|tsx|js|jsx)$/u.exec(relative);
  if (!match) return relative;
  const stem = relative.slice(0, match.index);
  const flavour = match[2] ?? '';
  if (style === 'js') return `${stem}.${flavour}js`;
  if (style === 'ts' && match[1] === undefined) return `${stem}.${flavour}${match[3] === 'tsx' ? 'tsx' : 'ts'}`;
  if (flavour !== '') return `${stem}.${flavour}js`; // `.mts`/`.cts` files are always imported with an extension
  return stem.endsWith('/index') ? stem.slice(0, -'/index'.length) || '.' : stem;
}

export interface NamedImportRequest {
  /** The binding to add (imported and local name). */
  readonly name: string;
  readonly specifier: string;
  /** Add it as a type (`import type { X }` or `type X` in a value import). */
  readonly typeOnly: boolean;
  /** Whether an existing import declaration imports from the requested module (same specifier or same file). */
  readonly isSameModule: (declaration: TSESTree.ImportDeclaration) => boolean;
}

export function importDeclarations(program: TSESTree.Program): TSESTree.ImportDeclaration[] {
  return program.body.filter((s): s is TSESTree.ImportDeclaration => s.type === AST_NODE_TYPES.ImportDeclaration);
}

function namedSpecifiers(declaration: TSESTree.ImportDeclaration): TSESTree.ImportSpecifier[] {
  return declaration.specifiers.filter((s): s is TSESTree.ImportSpecifier => s.type === AST_NODE_TYPES.ImportSpecifier);
}

function openingBrace(sourceCode: SourceCode, declaration: TSESTree.ImportDeclaration): TSESLint.AST.Token | null {
  return sourceCode.getFirstToken(declaration, token => token.value === '{');
}

type Compare = (a: string, b: string) => number;
const ordinal: Compare = (a, b) => (a < b ? -1 : a > b ? 1 : 0);
const caseInsensitive: Compare = (a, b) => ordinal(a.toLowerCase(), b.toLowerCase()) || ordinal(a, b);

/** The order a list of names is sorted in (case-insensitive preferred), or undefined when it is not sorted. */
function sortOrder(names: readonly string[]): Compare | undefined {
  const sortedBy = (compare: Compare): boolean => names.every((name, i) => i === 0 || compare(names[i - 1]!, name) <= 0);
  if (sortedBy(caseInsensitive)) return caseInsensitive;
  if (sortedBy(ordinal)) return ordinal;
  return undefined;
}

function indentOf(sourceCode: SourceCode, node: TSESTree.Node | TSESLint.AST.Token): string {
  const line = sourceCode.lines[node.loc.start.line - 1] ?? '';
  const indent = line.slice(0, node.loc.start.column);
  return /^\s*$/u.test(indent) ? indent : '';
}

/** `, ` or `,\n<indent>`, as the list already separates its specifiers. */
function separator(sourceCode: SourceCode, declaration: TSESTree.ImportDeclaration, specifiers: readonly TSESTree.ImportSpecifier[]): string {
  const [first, second] = specifiers;
  if (!first) return ', ';
  const before = second ? first : openingBrace(sourceCode, declaration);
  const after = second ?? first;
  if (!before) return ', ';
  const gap = sourceCode.text.slice(before.range[1], after.range[0]);
  return gap.includes('\n') ? `,${lineBreakOf(sourceCode)}${indentOf(sourceCode, after)}` : ', ';
}

/** Adds `text` (a specifier such as `X`, `type X` or `Foo as X`) to a declaration that has named specifiers. */
function mergeIntoNamed(
  sourceCode: SourceCode,
  fixer: Fixer,
  declaration: TSESTree.ImportDeclaration,
  text: string,
  sortKey: string,
): Fix {
  const specifiers = namedSpecifiers(declaration);
  const sep = separator(sourceCode, declaration, specifiers);
  const order = sortOrder(specifiers.map(s => s.local.name));
  const before = order ? specifiers.find(s => order(sortKey, s.local.name) < 0) : undefined;
  if (before) return fixer.insertTextBefore(before, `${text}${sep}`);
  return fixer.insertTextAfter(specifiers.at(-1)!, `${sep}${text}`);
}

/** Adds `text` to a declaration with a default import only (`import D from 'm'`) or empty braces. */
function addBraces(sourceCode: SourceCode, fixer: Fixer, declaration: TSESTree.ImportDeclaration, text: string): Fix {
  const brace = openingBrace(sourceCode, declaration);
  if (brace) {
    const closing = sourceCode.getTokenAfter(brace)!;
    return fixer.replaceTextRange([brace.range[0], closing.range[1]], `{ ${text} }`);
  }
  return fixer.insertTextAfter(declaration.specifiers[0]!, `, { ${text} }`);
}

function canTakeNamed(sourceCode: SourceCode, declaration: TSESTree.ImportDeclaration): 'named' | 'braces' | undefined {
  const { specifiers } = declaration;
  if (specifiers.some(s => s.type === AST_NODE_TYPES.ImportNamespaceSpecifier)) return undefined;
  if (specifiers.some(s => s.type === AST_NODE_TYPES.ImportSpecifier)) return 'named';
  if (specifiers.length === 1) return 'braces'; // default import only
  return openingBrace(sourceCode, declaration) ? 'braces' : undefined; // `import {} from 'm'`, not `import 'm'`
}

/** Where a new import statement goes and how it is written (quotes, semicolon). */
function newImport(sourceCode: SourceCode, fixer: Fixer, statement: (quote: string, semi: string) => string): Fix {
  const program = sourceCode.ast;
  const eol = lineBreakOf(sourceCode);
  const imports = importDeclarations(program);
  const last = imports.at(-1);
  if (last) {
    const quote = last.source.raw.startsWith('"') ? '"' : "'";
    const semi = sourceCode.getLastToken(last)?.value === ';' ? ';' : '';
    const trailing = sourceCode.getCommentsAfter(last).filter(c => c.loc.start.line === last.loc.end.line).at(-1);
    return fixer.insertTextAfter(trailing ?? last, `${eol}${statement(quote, semi)}`);
  }
  const directives = program.body.filter(
    (s): s is TSESTree.ExpressionStatement => s.type === AST_NODE_TYPES.ExpressionStatement && s.directive !== undefined,
  );
  const lastDirective = directives.at(-1);
  if (lastDirective) return fixer.insertTextAfter(lastDirective, `${eol}${statement("'", ';')}`);
  const first = program.body[0]!;
  const doc = sourceCode.getCommentsBefore(first).at(-1);
  const anchor = doc?.type === AST_TOKEN_TYPES.Block && doc.value.startsWith('*') && doc.loc.end.line >= first.loc.start.line - 1 ? doc : first;
  return fixer.insertTextBefore(anchor, `${statement("'", ';')}${eol}${eol}`);
}

/**
 * Imports `name` from `specifier`: merged into an existing named import of that module (in sorted position when the
 * list is sorted, with its separators and trailing comma), else a new import after the last one.
 */
export function addNamedImport(sourceCode: SourceCode, fixer: Fixer, request: NamedImportRequest): Fix {
  const same = importDeclarations(sourceCode.ast).filter(d => request.isSameModule(d));
  const value = same.filter(d => d.importKind !== 'type');
  const { name } = request;
  if (request.typeOnly) {
    const typeImport = same.find(d => d.importKind === 'type' && canTakeNamed(sourceCode, d) === 'named');
    if (typeImport) return mergeIntoNamed(sourceCode, fixer, typeImport, name, name);
  }
  const text = request.typeOnly ? `type ${name}` : name;
  const named = value.find(d => canTakeNamed(sourceCode, d) === 'named');
  if (named) return mergeIntoNamed(sourceCode, fixer, named, text, name);
  const braces = value.find(d => canTakeNamed(sourceCode, d) === 'braces');
  if (braces) return addBraces(sourceCode, fixer, braces, text);
  return newImport(sourceCode, fixer, (quote, semi) =>
    `import ${request.typeOnly ? 'type ' : ''}{ ${name} } from ${quote}${request.specifier}${quote}${semi}`,
  );
}

/** Removes one specifier from a list, with the comma that separates it from its neighbour. */
function removeSpecifier(
  sourceCode: SourceCode,
  fixer: Fixer,
  declaration: TSESTree.ImportDeclaration,
  specifier: TSESTree.ImportClause,
): Fix {
  if (declaration.specifiers.length === 1) {
    const next = /^(?:\r\n|\r|\n)/u.exec(sourceCode.text.slice(declaration.range[1]))?.[0].length ?? 0;
    return fixer.removeRange([declaration.range[0], declaration.range[1] + next]);
  }
  const after = sourceCode.getTokenAfter(specifier)!;
  if (after.value === ',') {
    const next = sourceCode.getTokenAfter(after)!;
    return fixer.removeRange([specifier.range[0], next.value === '}' ? after.range[1] : next.range[0]]);
  }
  const before = sourceCode.getTokenBefore(specifier)!;
  return fixer.removeRange([before.range[0], specifier.range[1]]);
}

/** The `type` keyword token of `import type ...` or of `{ type X }`. */
function typeKeyword(sourceCode: SourceCode, node: TSESTree.Node, after?: TSESLint.AST.Token | null): TSESLint.AST.Token | null {
  const token = after ? sourceCode.getTokenAfter(after) : sourceCode.getFirstToken(node);
  return token?.value === 'type' ? token : null;
}

function removeKeyword(sourceCode: SourceCode, fixer: Fixer, keyword: TSESLint.AST.Token): Fix {
  const next = sourceCode.getTokenAfter(keyword)!;
  return fixer.removeRange([keyword.range[0], next.range[0]]);
}

/**
 * Turns a type-only import binding into a value import: drops the inline `type`, or moves the binding into a value
 * import of the same module, or drops `import type` (keeping the other bindings type-only with inline `type`).
 */
export function makeValueImport(
  sourceCode: SourceCode,
  fixer: Fixer,
  declaration: TSESTree.ImportDeclaration,
  specifier: TSESTree.ImportClause,
  isSameModule: (declaration: TSESTree.ImportDeclaration) => boolean,
): Fix | Fix[] | null {
  if (declaration.importKind !== 'type') {
    const keyword = specifier.type === AST_NODE_TYPES.ImportSpecifier ? typeKeyword(sourceCode, specifier) : null;
    return keyword ? removeKeyword(sourceCode, fixer, keyword) : null;
  }
  const local = specifier.local.name;
  const text =
    specifier.type === AST_NODE_TYPES.ImportDefaultSpecifier
      ? `default as ${local}`
      : specifier.type === AST_NODE_TYPES.ImportSpecifier
        ? sourceCode.getText(specifier)
        : undefined;
  if (text === undefined) return null; // `import type * as ns` is never a model reference by name
  const target = importDeclarations(sourceCode.ast).find(
    d => d !== declaration && d.importKind !== 'type' && canTakeNamed(sourceCode, d) === 'named' && isSameModule(d),
  );
  if (target) {
    return [removeSpecifier(sourceCode, fixer, declaration, specifier), mergeIntoNamed(sourceCode, fixer, target, text, local)];
  }
  const keyword = typeKeyword(sourceCode, declaration, sourceCode.getFirstToken(declaration));
  if (!keyword) return null;
  const fixes = [removeKeyword(sourceCode, fixer, keyword)];
  for (const other of declaration.specifiers) {
    if (other !== specifier) fixes.push(fixer.insertTextBefore(other, 'type '));
  }
  return fixes;
}
