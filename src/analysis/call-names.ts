import * as ts from 'typescript';
import { skipExpressionWrappers, type FunctionWithBody } from './callees.js';

/**
 * A syntactic index of who calls what by name, for gating analyses that follow calls through the program (project
 * wrappers around a boundary) before they ask the type checker anything. Per source file, one walk records every
 * function with a body, the names it can be called by (`enqueue` for a function, method, or an arrow function a
 * variable, field or property holds; the class name for a constructor; `default` for a default export) and the names
 * of the calls inside it, nested callbacks included (`queue.add` and `this.jobs.add` are both `add`; an imported
 * binding is also recorded under its imported name). Summaries are cached per `ts.SourceFile`, which a language service
 * reuses between edits for every unchanged file, so an editor's re-lint only walks the edited file.
 *
 * The index over-approximates: a name match says a call *may* reach a function; the type checker still decides.
 */
export interface FunctionCalls {
  readonly fn: FunctionWithBody;
  /** The names this function can be called by. */
  readonly names: readonly string[];
  /** The names of the calls inside it, nested functions included. */
  readonly calls: ReadonlySet<string>;
  /** The calls inside it that have a name, nested functions included, in source order. */
  readonly callNodes: readonly (ts.CallExpression | ts.NewExpression)[];
}

export interface FileCalls {
  readonly functions: readonly FunctionCalls[];
  /** The calls outside any function body (module top level, class field initialisers) that have a name, in order. */
  readonly topLevelCalls: readonly (ts.CallExpression | ts.NewExpression)[];
  /** The module specifiers this file imports from (`importedModules`). */
  readonly imports: ReadonlySet<string>;
  /** `export { a as b }` / `export default a`: a function named `a` can be called as `b` elsewhere. */
  readonly exportAliases: readonly (readonly [string, string])[];
}

const summaries = new WeakMap<ts.SourceFile, FileCalls>();
const importsByFile = new WeakMap<ts.SourceFile, ReadonlySet<string>>();

/**
 * The module specifiers a file's import declarations name (`import type` included), from its top-level statements
 * only; cached per `ts.SourceFile`. The one answer to "does this file import X" for the rules and analyses.
 */
export function importedModules(file: ts.SourceFile): ReadonlySet<string> {
  let imports = importsByFile.get(file);
  if (!imports) {
    const found = new Set<string>();
    for (const statement of file.statements) {
      if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier)) found.add(statement.moduleSpecifier.text);
    }
    imports = found;
    importsByFile.set(file, imports);
  }
  return imports;
}

function propertyNameText(name: ts.PropertyName | undefined): string | undefined {
  if (!name) return undefined;
  if (ts.isIdentifier(name) || ts.isStringLiteralLike(name) || ts.isNumericLiteral(name) || ts.isPrivateIdentifier(name)) return name.text;
  return undefined;
}

/** The names a function can be called by, from where it is declared. */
function calledAs(fn: FunctionWithBody): string[] {
  const names: string[] = [];
  const exported = (node: ts.Node): boolean =>
    ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some(m => m.kind === ts.SyntaxKind.DefaultKeyword);
  if (ts.isConstructorDeclaration(fn)) {
    const name = fn.parent.name?.text;
    if (name) names.push(name);
    if (exported(fn.parent)) names.push('default');
    return names;
  }
  if (ts.isFunctionDeclaration(fn) || ts.isMethodDeclaration(fn) || ts.isGetAccessorDeclaration(fn) || ts.isSetAccessorDeclaration(fn)) {
    const name = propertyNameText(fn.name);
    if (name !== undefined) names.push(name);
    if (ts.isFunctionDeclaration(fn) && exported(fn)) names.push('default');
    return names;
  }
  // A function or arrow expression: named by what holds it (through parentheses and type assertions).
  let holder: ts.Node = fn.parent;
  while (
    ts.isParenthesizedExpression(holder) ||
    ts.isAsExpression(holder) ||
    ts.isSatisfiesExpression(holder) ||
    ts.isNonNullExpression(holder) ||
    ts.isTypeAssertionExpression(holder)
  ) {
    holder = holder.parent;
  }
  if (ts.isVariableDeclaration(holder) && ts.isIdentifier(holder.name)) names.push(holder.name.text);
  else if (ts.isPropertyDeclaration(holder) || ts.isPropertyAssignment(holder)) {
    const name = propertyNameText(holder.name);
    if (name !== undefined) names.push(name);
  } else if (ts.isExportAssignment(holder) && !holder.isExportEquals) names.push('default');
  if (ts.isFunctionExpression(fn) && fn.name) names.push(fn.name.text);
  return names;
}

function hasBody(node: ts.Node): node is FunctionWithBody {
  return ts.isFunctionLike(node) && 'body' in node && node.body !== undefined;
}

/** The names of the call a node is, if it is one: `f` in `f()`, `m` in `a.m()` and `a['m']()`, `C` in `new C()`. */
export function callName(node: ts.CallExpression | ts.NewExpression): string | undefined {
  const callee = skipExpressionWrappers(node.expression);
  if (ts.isIdentifier(callee)) return callee.text;
  if (ts.isPropertyAccessExpression(callee)) return callee.name.text;
  if (ts.isElementAccessExpression(callee) && ts.isStringLiteralLike(callee.argumentExpression)) return callee.argumentExpression.text;
  return undefined;
}

export function fileCalls(file: ts.SourceFile): FileCalls {
  const cached = summaries.get(file);
  if (cached) return cached;
  // Local name → imported name, for `import { a as b }` and default imports.
  const importedAs = new Map<string, string>();
  const exportAliases: [string, string][] = [];
  for (const statement of file.statements) {
    if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier)) {
      const clause = statement.importClause;
      if (clause?.name) importedAs.set(clause.name.text, 'default');
      if (clause?.namedBindings && ts.isNamedImports(clause.namedBindings)) {
        for (const element of clause.namedBindings.elements) {
          if (element.propertyName) importedAs.set(element.name.text, element.propertyName.text);
        }
      }
    } else if (ts.isExportDeclaration(statement) && statement.exportClause && ts.isNamedExports(statement.exportClause)) {
      for (const element of statement.exportClause.elements) {
        if (element.propertyName) exportAliases.push([element.propertyName.text, element.name.text]);
      }
    } else if (ts.isExportAssignment(statement) && !statement.isExportEquals && ts.isIdentifier(statement.expression)) {
      exportAliases.push([statement.expression.text, 'default']);
    }
  }
  const functions: FunctionCalls[] = [];
  const topLevelCalls: (ts.CallExpression | ts.NewExpression)[] = [];
  const open: { calls: Set<string>; callNodes: (ts.CallExpression | ts.NewExpression)[] }[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
      const name = callName(node);
      if (name !== undefined && open.length === 0) topLevelCalls.push(node);
      else if (name !== undefined) {
        const imported = importedAs.get(name);
        for (const { calls, callNodes } of open) {
          calls.add(name);
          if (imported !== undefined) calls.add(imported);
          callNodes.push(node);
        }
      }
    }
    if (hasBody(node)) {
      const entry: FunctionCalls & { calls: Set<string>; callNodes: (ts.CallExpression | ts.NewExpression)[] } = {
        fn: node,
        names: calledAs(node),
        calls: new Set(),
        callNodes: [],
      };
      functions.push(entry);
      open.push(entry);
      ts.forEachChild(node, visit);
      open.pop();
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  const summary: FileCalls = { functions, topLevelCalls, imports: importedModules(file), exportAliases };
  summaries.set(file, summary);
  return summary;
}
