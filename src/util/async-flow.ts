import { AST_NODE_TYPES, TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { isThenableType } from './type-predicates.js';
import * as ts from 'typescript';

export type InlineFunction = TSESTree.ArrowFunctionExpression | TSESTree.FunctionExpression;

export function isInlineFunction(node: TSESTree.Node): node is InlineFunction {
  return node.type === AST_NODE_TYPES.ArrowFunctionExpression || node.type === AST_NODE_TYPES.FunctionExpression;
}

const capturable = new Set<TSESLint.Scope.Definition['type']>([
  TSESLint.Scope.DefinitionType.Variable,
  TSESLint.Scope.DefinitionType.Parameter,
]);

/** A variable declared outside a function and referenced inside it (scope analysis), with its references there. */
export interface CapturedVariable {
  readonly name: string;
  readonly references: readonly TSESTree.Identifier[];
}

/**
 * Variables and parameters declared outside `fn` and referenced inside it (in it or in functions nested in it),
 * with their references in source order. Imports, classes, functions and type-only references are left out.
 */
export function capturedVariables(sourceCode: Readonly<TSESLint.SourceCode>, fn: InlineFunction | TSESTree.FunctionDeclaration): CapturedVariable[] {
  const scope = sourceCode.getScope(fn);
  const seen = new Map<TSESLint.Scope.Variable, TSESTree.Identifier[]>();
  for (const reference of scope.through) {
    const variable = reference.resolved;
    if (!variable || !reference.isValueReference) continue;
    if (!variable.defs.some(def => capturable.has(def.type))) continue;
    if (reference.identifier.type !== AST_NODE_TYPES.Identifier) continue;
    const list = seen.get(variable) ?? [];
    list.push(reference.identifier);
    seen.set(variable, list);
  }
  return [...seen].map(([variable, references]) => ({
    name: variable.name,
    references: references.sort((a, b) => a.range[0] - b.range[0]),
  }));
}

/** Whether `identifier` is only read for its property `key` (`phase.id`), which is what should be captured. */
export function readsOnlyProperty(identifier: TSESTree.Identifier, key: string): boolean {
  const parent = identifier.parent;
  return (
    parent.type === AST_NODE_TYPES.MemberExpression &&
    parent.object === identifier &&
    !parent.computed &&
    parent.property.type === AST_NODE_TYPES.Identifier &&
    parent.property.name === key &&
    !(parent.parent.type === AST_NODE_TYPES.AssignmentExpression && parent.parent.left === parent)
  );
}

/**
 * The call a statement evaluates and drops: `work(x);`, `void work(x);`, `obj?.work(x);`, `(async () => {})();`.
 * Whether its result is a promise is for the caller to check.
 */
export function droppedCall(statement: TSESTree.ExpressionStatement): TSESTree.CallExpression | undefined {
  let expression: TSESTree.Node = statement.expression;
  if (expression.type === AST_NODE_TYPES.UnaryExpression && expression.operator === 'void') expression = expression.argument;
  if (expression.type === AST_NODE_TYPES.ChainExpression) expression = expression.expression;
  return expression.type === AST_NODE_TYPES.CallExpression ? expression : undefined;
}

const promiseMethods = new Set(['then', 'catch', 'finally']);

/**
 * The calls of a promise chain, outermost first: `work(x).then(f).catch(g)` → the `catch`, `then` and `work` calls.
 * Every one of them is dropped when the chain is.
 */
export function promiseChain(call: TSESTree.CallExpression): TSESTree.CallExpression[] {
  const calls = [call];
  let current = call;
  for (;;) {
    const callee = current.callee;
    if (
      callee.type !== AST_NODE_TYPES.MemberExpression ||
      callee.computed ||
      callee.property.type !== AST_NODE_TYPES.Identifier ||
      !promiseMethods.has(callee.property.name) ||
      callee.object.type !== AST_NODE_TYPES.CallExpression
    ) {
      return calls;
    }
    current = callee.object;
    calls.push(current);
  }
}

/**
 * Whether a dropped promise chain handles its rejection, the way typescript-eslint's `no-floating-promises` decides it:
 * it ends in `.catch(onRejected)` or `.then(onFulfilled, onRejected)`, possibly followed by `.finally(...)`. Such a
 * chain bridges the promise to callbacks on purpose, and is not a floating promise.
 */
export function handlesRejection(call: TSESTree.CallExpression): boolean {
  let current: TSESTree.CallExpression = call;
  for (;;) {
    const callee = current.callee;
    if (callee.type !== AST_NODE_TYPES.MemberExpression || callee.computed || callee.property.type !== AST_NODE_TYPES.Identifier) return false;
    const name = callee.property.name;
    if (name === 'catch') return current.arguments.length >= 1;
    if (name === 'then') return current.arguments.length >= 2;
    if (name !== 'finally' || callee.object.type !== AST_NODE_TYPES.CallExpression) return false;
    current = callee.object;
  }
}

/**
 * Whether a call's result is a promise (a thenable), the way typescript-eslint's `no-floating-promises` decides it:
 * ts-api-utils `isThenableType` on the call's type (unions count when some member is thenable).
 */
export function isPromiseCall(checker: ts.TypeChecker, tsCall: ts.Node, type: ts.Type): boolean {
  const members = type.isUnion() ? type.types : [type];
  return members.some(member => isThenableType(checker, tsCall, member));
}

const primitiveReturnKinds: ReadonlySet<ts.SyntaxKind> = new Set([
  ts.SyntaxKind.VoidKeyword,
  ts.SyntaxKind.UndefinedKeyword,
  ts.SyntaxKind.NeverKeyword,
  ts.SyntaxKind.NumberKeyword,
  ts.SyntaxKind.StringKeyword,
  ts.SyntaxKind.BooleanKeyword,
  ts.SyntaxKind.BigIntKeyword,
  ts.SyntaxKind.SymbolKeyword,
  ts.SyntaxKind.LiteralType,
  ts.SyntaxKind.TypePredicate,
]);

/**
 * Whether every declaration of a called function or method (its symbol, aliases resolved) is annotated with a
 * primitive return type (`push(...items: T[]): number`, `count(name: string): void`): by syntax, without
 * instantiating any signature. The cheapest way to know most dropped calls (`logger.info(...)`, `items.push(x)`) hand
 * nothing over to later work.
 */
export function declaredToReturnPrimitive(callee: ts.Symbol): boolean {
  const declarations = callee.declarations ?? [];
  return (
    declarations.length > 0 &&
    declarations.every(d => ts.isFunctionLike(d) && d.type !== undefined && primitiveReturnKinds.has(d.type.kind))
  );
}

const noValueBodies = new WeakMap<ts.Node, boolean>();

/**
 * Whether every declaration of a called function or method has a body that returns nothing: not `async`, not a
 * generator, a block without `return <value>` (nested functions aside). The call's value is `undefined` whatever
 * return type the body would be inferred with (`error(message, err) { ... }` of a project's logger, written without
 * one), so it hands nothing over to later work. Read from syntax, once per declaration.
 */
export function returnsNoValue(callee: ts.Symbol): boolean {
  const declarations = callee.declarations ?? [];
  return declarations.length > 0 && declarations.every(d => ts.isFunctionLike(d) && bodyReturnsNoValue(d));
}

function bodyReturnsNoValue(fn: ts.SignatureDeclaration): boolean {
  const cached = noValueBodies.get(fn);
  if (cached !== undefined) return cached;
  const { body, asteriskToken } = fn as Partial<ts.FunctionLikeDeclarationBase>;
  let result = body !== undefined && ts.isBlock(body) && !asteriskToken && !(ts.getCombinedModifierFlags(fn) & ts.ModifierFlags.Async);
  const visit = (node: ts.Node): void => {
    if (!result || ts.isFunctionLike(node) || ts.isClassLike(node)) return;
    if (ts.isReturnStatement(node) && node.expression) result = false;
    else ts.forEachChild(node, visit);
  };
  if (result && body) ts.forEachChild(body, visit);
  noValueBodies.set(fn, result);
  return result;
}

/**
 * Whether every declaration of a callee states its type: a function or method with a return type annotation, or a
 * property or variable with a type annotation. Its declared type then costs no inference from a body or initializer.
 */
export function declaredWithTypes(callee: ts.Symbol): boolean {
  const declarations = callee.declarations ?? [];
  return (
    declarations.length > 0 &&
    declarations.every(d =>
      ts.isFunctionLike(d) || ts.isPropertySignature(d) || ts.isPropertyDeclaration(d) || ts.isVariableDeclaration(d) || ts.isParameter(d)
        ? d.type !== undefined
        : false,
    )
  );
}

/**
 * Whether some call signature of a callee's declared type may return a promise: a thenable return type, or one
 * only known at the call (a type parameter, `any`, `unknown`). A cheap filter before the call's own type.
 */
export function mayReturnPromise(checker: ts.TypeChecker, node: ts.Node, calleeType: ts.Type): boolean {
  const open = ts.TypeFlags.Any | ts.TypeFlags.Unknown | ts.TypeFlags.TypeParameter | ts.TypeFlags.IndexedAccess | ts.TypeFlags.Conditional;
  const signatures = checker.getNonNullableType(calleeType).getCallSignatures();
  if (signatures.length === 0) return true;
  return signatures.some(signature => {
    const returned = signature.getReturnType();
    const members = returned.isUnion() ? returned.types : [returned];
    return members.some(member => (member.flags & open) !== 0 || isThenableType(checker, node, member));
  });
}
