import * as ts from 'typescript';
import { calleeBody, ownParameters, skipExpressionWrappers, type FunctionWithBody } from './callees.js';
import { cachedPerDeclaration } from './cache.js';
import { writtenTarget } from '../util/ts-nodes.js';

/**
 * What a function of the program does with the objects a call hands it, for rules that follow a value into its
 * callee: which properties the callee writes on each parameter and on `this` (directly, or through the calls it makes
 * with them, a bounded number of levels deep), and whether it returns an object it creates. Works on TypeScript nodes
 * (the callee's body usually sits in another file than the one being linted), resolves callees with callees.ts
 * (by symbol, never by name, never by resolving the call's signature) and caches per program and declaration.
 */

/** Properties a function writes on what it is handed. */
export interface FunctionWrites {
  /** Properties written on the parameter at each index (a `this` parameter is not counted). */
  readonly parameters: ReadonlyMap<number, ReadonlySet<string>>;
  /** Properties written on `this` (methods). */
  readonly self: ReadonlySet<string>;
}

const noWrites: FunctionWrites = { parameters: new Map(), self: new Set() };

const skipWrappers = (node: ts.Expression): ts.Expression => skipExpressionWrappers(node, true);

/** What an expression inside `fn` denotes: one of its parameters (by index), `this`, or neither. */
type Holder = number | 'this' | undefined;

function holderOf(checker: ts.TypeChecker, fn: FunctionWithBody, parameters: ReadonlyMap<ts.Symbol, number>, node: ts.Expression): Holder {
  const expression = skipWrappers(node);
  if (expression.kind === ts.SyntaxKind.ThisKeyword) {
    const binder = thisBinder(expression);
    // A method written as an arrow-function field: its `this` is the field's (the instance).
    const own = binder === fn || (ts.isArrowFunction(fn) && ts.isPropertyDeclaration(fn.parent) && binder === fn.parent);
    return own ? 'this' : undefined;
  }
  if (!ts.isIdentifier(expression)) return undefined;
  const symbol = checker.getSymbolAtLocation(expression);
  return symbol ? parameters.get(symbol) : undefined;
}

/** The function that binds `this` at a node (arrow functions do not), or the class member / file that does. */
function thisBinder(node: ts.Node): ts.Node | undefined {
  return ts.findAncestor(
    node.parent,
    current =>
      ts.isFunctionDeclaration(current) ||
      ts.isFunctionExpression(current) ||
      ts.isMethodDeclaration(current) ||
      ts.isConstructorDeclaration(current) ||
      ts.isAccessor(current) ||
      ts.isPropertyDeclaration(current) ||
      ts.isClassStaticBlockDeclaration(current) ||
      ts.isSourceFile(current),
  );
}

function propertyName(node: ts.PropertyAccessExpression | ts.ElementAccessExpression): string | undefined {
  if (ts.isPropertyAccessExpression(node)) return node.name.text;
  return ts.isStringLiteralLike(node.argumentExpression) ? node.argumentExpression.text : undefined;
}

function objectLiteralKeys(node: ts.Expression): string[] {
  const expression = skipWrappers(node);
  if (!ts.isObjectLiteralExpression(expression)) return [];
  const keys: string[] = [];
  for (const property of expression.properties) {
    if ((ts.isPropertyAssignment(property) || ts.isShorthandPropertyAssignment(property)) && (ts.isIdentifier(property.name) || ts.isStringLiteral(property.name))) {
      keys.push(property.name.text);
    }
  }
  return keys;
}

const writesByProgram = new WeakMap<ts.Program, Map<number, WeakMap<ts.Node, FunctionWrites>>>();

/**
 * The properties `fn` writes on its parameters and on `this`: assignments (`p.x = ...`, `this.x ??= ...`,
 * `p.n++`), `Object.assign(p, { x })`, and what the program's own functions it hands them to (`stamp(p)`,
 * `p.touch()`, `this.touch()`) write: `depth` counts functions, so the default 2 is `fn` and one call further.
 * Cached per program, depth and declaration.
 */
export function functionWrites(program: ts.Program, fn: FunctionWithBody, depth = 2): FunctionWrites {
  // `noWrites` guards recursion.
  return cachedPerDeclaration(writesByProgram, program, depth, fn, noWrites, () => computeWrites(program, fn, depth));
}

function computeWrites(program: ts.Program, fn: FunctionWithBody, depth: number): FunctionWrites {
  const checker = program.getTypeChecker();
  const parameters = new Map<ts.Symbol, number>();
  ownParameters(fn).forEach((parameter, index) => {
    const symbol = ts.isIdentifier(parameter.name) ? checker.getSymbolAtLocation(parameter.name) : undefined;
    if (symbol) parameters.set(symbol, index);
  });
  const byParameter = new Map<number, Set<string>>();
  const self = new Set<string>();
  const add = (holder: Holder, names: Iterable<string>): void => {
    if (holder === undefined) return;
    let set: Set<string>;
    if (holder === 'this') set = self;
    else {
      set = byParameter.get(holder) ?? new Set();
      byParameter.set(holder, set);
    }
    for (const name of names) set.add(name);
  };
  const written = (target: ts.Expression): void => {
    const expression = skipWrappers(target);
    if (!ts.isPropertyAccessExpression(expression) && !ts.isElementAccessExpression(expression)) return;
    const name = propertyName(expression);
    if (name !== undefined) add(holderOf(checker, fn, parameters, expression.expression), [name]);
  };
  const visit = (node: ts.Node): void => {
    const target = writtenTarget(node);
    if (target) {
      written(target);
    } else if (ts.isCallExpression(node)) {
      call(node);
    }
    ts.forEachChild(node, visit);
  };
  const call = (node: ts.CallExpression): void => {
    const callee = skipWrappers(node.expression);
    // Object.assign(p, { ... })
    if (ts.isPropertyAccessExpression(callee) && callee.name.text === 'assign' && ts.isIdentifier(callee.expression) && callee.expression.text === 'Object') {
      const [target, ...sources] = node.arguments;
      const holder = target && holderOf(checker, fn, parameters, target);
      if (holder !== undefined) add(holder, sources.flatMap(objectLiteralKeys));
      return;
    }
    if (depth <= 1) return;
    const receiver = ts.isPropertyAccessExpression(callee) ? holderOf(checker, fn, parameters, callee.expression) : undefined;
    const handed = node.arguments.map(a => (ts.isSpreadElement(a) ? undefined : holderOf(checker, fn, parameters, a)));
    if (receiver === undefined && handed.every(h => h === undefined)) return; // cheap: nothing of ours is handed on
    const target = calleeBody(program, node);
    if (!target) return;
    const inner = functionWrites(program, target, depth - 1);
    if (receiver !== undefined) add(receiver, inner.self);
    handed.forEach((holder, index) => {
      const names = inner.parameters.get(index);
      if (holder !== undefined && names) add(holder, names);
    });
  };
  visit(fn.body);
  return { parameters: byParameter, self };
}

const creatorsByProgram = new WeakMap<ts.Program, Map<number, WeakMap<ts.Node, boolean>>>();

/**
 * Whether `fn` returns an object it creates (a factory): every `return` (or the arrow's expression body) is a
 * creation as `isCreation` tells (`new Entity()`, `repo.create()`), a local variable initialised with one, or a call
 * of another such function of the program (one level further). Cached per program and declaration.
 */
export function returnsCreation(
  program: ts.Program,
  fn: FunctionWithBody,
  isCreation: (node: ts.CallExpression | ts.NewExpression) => boolean,
  depth = 2,
): boolean {
  let byDepth = creatorsByProgram.get(program);
  if (!byDepth) {
    byDepth = new Map();
    creatorsByProgram.set(program, byDepth);
  }
  let cache = byDepth.get(depth);
  if (!cache) {
    cache = new WeakMap();
    byDepth.set(depth, cache);
  }
  const cached = cache.get(fn);
  if (cached !== undefined) return cached;
  cache.set(fn, false); // recursion guard
  const checker = program.getTypeChecker();
  const created = (node: ts.Expression): boolean => {
    const expression = skipWrappers(node);
    if (ts.isNewExpression(expression) || ts.isCallExpression(expression)) {
      if (isCreation(expression)) return true;
      if (ts.isCallExpression(expression) && depth > 1) {
        const target = calleeBody(program, expression);
        return target !== undefined && target !== fn && returnsCreation(program, target, isCreation, depth - 1);
      }
      return false;
    }
    if (!ts.isIdentifier(expression)) return false;
    const declaration = checker.getSymbolAtLocation(expression)?.valueDeclaration;
    if (!declaration || !ts.isVariableDeclaration(declaration) || !declaration.initializer) return false;
    if (!isWithin(declaration, fn) || (declaration.parent.flags & ts.NodeFlags.Const) === 0) return false;
    return created(declaration.initializer);
  };
  const returns: ts.Expression[] = [];
  if (!ts.isBlock(fn.body)) returns.push(fn.body);
  else {
    const visit = (node: ts.Node): void => {
      if (ts.isFunctionLike(node)) return;
      if (ts.isReturnStatement(node) && node.expression) returns.push(node.expression);
      ts.forEachChild(node, visit);
    };
    ts.forEachChild(fn.body, visit);
  }
  // `return null` / `return undefined` on a guard path returns nothing at all, not a loaded object.
  const values = returns.filter(r => !isNothing(skipWrappers(r)));
  const result = values.length > 0 && values.every(created);
  cache.set(fn, result);
  return result;
}

function isNothing(node: ts.Expression): boolean {
  return node.kind === ts.SyntaxKind.NullKeyword || (ts.isIdentifier(node) && node.text === 'undefined') || ts.isVoidExpression(node);
}

function isWithin(node: ts.Node, outer: ts.Node): boolean {
  return ts.findAncestor(node, current => current === outer) !== undefined;
}
