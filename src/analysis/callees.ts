import * as ts from 'typescript';
import { declaredMemberSymbol, resolveAlias } from '../util/ts-nodes.js';

/**
 * Callee resolution for analyses that follow a value into the function it is handed to: which implementation a call
 * runs when its body is part of the program's own sources, and which parameter each argument binds to. Works on
 * TypeScript nodes (the callee's body usually sits in another file than the one being linted) and asks the checker
 * for symbols only, never for a call's resolved signature.
 */

/** A function, method, constructor or accessor with a body. */
export type FunctionWithBody = ts.FunctionLikeDeclaration & { readonly body: ts.ConciseBody };

export type CallLike = ts.CallExpression | ts.NewExpression;

/** Whether a declaration's file is one of the program's own sources: not a `.d.ts`, not from `node_modules`. */
export function isInProgramSources(program: ts.Program, node: ts.Node): boolean {
  const file = node.getSourceFile();
  return !file.isDeclarationFile && !program.isSourceFileFromExternalLibrary(file);
}

/** The expression under parentheses, `as`/`satisfies`/`!`/`<T>` (and `await`, where `throughAwait` says so). */
export function skipExpressionWrappers(node: ts.Expression, throughAwait = false): ts.Expression {
  let current = node;
  while (
    ts.isParenthesizedExpression(current) ||
    ts.isAsExpression(current) ||
    ts.isSatisfiesExpression(current) ||
    ts.isNonNullExpression(current) ||
    ts.isTypeAssertionExpression(current) ||
    (throughAwait && ts.isAwaitExpression(current))
  ) {
    current = current.expression;
  }
  return current;
}

function withBody(node: ts.Node | undefined): FunctionWithBody | undefined {
  if (!node) return undefined;
  if (
    (ts.isFunctionDeclaration(node) ||
      ts.isMethodDeclaration(node) ||
      ts.isConstructorDeclaration(node) ||
      ts.isFunctionExpression(node) ||
      ts.isArrowFunction(node) ||
      ts.isGetAccessorDeclaration(node) ||
      ts.isSetAccessorDeclaration(node)) &&
    node.body !== undefined
  ) {
    return node as FunctionWithBody;
  }
  return undefined;
}

/** The function a declaration stands for: itself, or the function expression a variable, field or property holds. */
function functionOfDeclaration(declaration: ts.Declaration): FunctionWithBody | undefined {
  const own = withBody(declaration);
  if (own) return own;
  if (
    (ts.isVariableDeclaration(declaration) || ts.isPropertyDeclaration(declaration) || ts.isPropertyAssignment(declaration)) &&
    declaration.initializer
  ) {
    return withBody(skipExpressionWrappers(declaration.initializer));
  }
  return undefined;
}

/**
 * The body a symbol's call runs: the implementation among overloads, the arrow function a `const` or class field
 * holds; for a class (`new C()`), its own constructor. Only declarations in the program's sources count.
 */
export function functionOfSymbol(program: ts.Program, symbol: ts.Symbol, construct: boolean): FunctionWithBody | undefined {
  const resolved = resolveAlias(program.getTypeChecker(), symbol);
  for (const declaration of resolved.declarations ?? []) {
    if (!isInProgramSources(program, declaration)) continue;
    if (construct) {
      if (!ts.isClassLike(declaration)) continue;
      const constructor = declaration.members.find(m => ts.isConstructorDeclaration(m) && m.body !== undefined);
      if (constructor) return constructor as FunctionWithBody;
      continue;
    }
    const fn = functionOfDeclaration(declaration);
    if (fn) return fn;
  }
  return undefined;
}

/** The node naming what a call calls: `f` in `f()`, `m` in `a.b.m()`, the class in `new C()`; undefined otherwise. */
export function calleeNameNode(call: CallLike): ts.Node | undefined {
  const callee = skipExpressionWrappers(call.expression);
  if (ts.isIdentifier(callee)) return callee;
  if (ts.isPropertyAccessExpression(callee)) return callee.name;
  if (ts.isElementAccessExpression(callee) && ts.isStringLiteralLike(callee.argumentExpression)) return callee.argumentExpression;
  return undefined;
}

/**
 * The implementation a call runs when its body is in the program's sources: a function or method found through the
 * callee's symbol (statically; an override in a subclass of the receiver's declared class is not seen), or the
 * function expression called in place (`(async () => {...})()`). `undefined` for library calls and calls through
 * interfaces or function-typed values.
 */
export function calleeBody(program: ts.Program, call: CallLike): FunctionWithBody | undefined {
  const callee = skipExpressionWrappers(call.expression);
  const inline = ts.isCallExpression(call) ? withBody(callee) : undefined;
  if (inline) return inline;
  const name = calleeNameNode(call);
  if (!name) return undefined;
  const symbol = declaredMemberSymbol(program.getTypeChecker(), name);
  return symbol && functionOfSymbol(program, symbol, ts.isNewExpression(call));
}

/** An argument lined up with the parameter it binds to. */
export interface BoundArgument {
  readonly argument: ts.Expression;
  readonly index: number;
  readonly parameter: ts.ParameterDeclaration;
  /** The parameter is a rest parameter (`...items`): the argument is one element of it. */
  readonly rest: boolean;
}

/** The parameters of a function without a leading `this` parameter. */
export function ownParameters(fn: ts.SignatureDeclaration): readonly ts.ParameterDeclaration[] {
  const first = fn.parameters[0];
  const hasThis = first !== undefined && ts.isIdentifier(first.name) && first.name.text === 'this';
  return hasThis ? fn.parameters.slice(1) : fn.parameters;
}

/**
 * Lines up a call's arguments with a declaration's parameters (a `this` parameter is skipped; a rest parameter takes
 * every argument from its index on). Arguments at or after a spread argument cannot be lined up and are left out.
 */
export function bindArguments(call: CallLike, fn: ts.SignatureDeclaration): BoundArgument[] {
  const parameters = ownParameters(fn);
  const bound: BoundArgument[] = [];
  for (const [index, argument] of (call.arguments ?? []).entries()) {
    if (ts.isSpreadElement(argument)) break;
    const last = parameters.at(-1);
    const parameter = parameters[index] ?? (last?.dotDotDotToken ? last : undefined);
    if (!parameter) break;
    bound.push({ argument, index, parameter, rest: parameter.dotDotDotToken !== undefined });
  }
  return bound;
}

/** The parameter a call's argument at `index` binds to, if it can be lined up. */
export function parameterForArgument(call: CallLike, fn: ts.SignatureDeclaration, index: number): BoundArgument | undefined {
  return bindArguments(call, fn).find(b => b.index === index);
}

type BindingDeclaration = ts.ParameterDeclaration | ts.VariableDeclaration | ts.BindingElement;

const referencesByProgram = new WeakMap<ts.Program, WeakMap<BindingDeclaration, readonly ts.Identifier[]>>();

function bindingNames(name: ts.BindingName, out: ts.Identifier[]): void {
  if (ts.isIdentifier(name)) {
    out.push(name);
    return;
  }
  for (const element of name.elements) if (!ts.isOmittedExpression(element)) bindingNames(element.name, out);
}

/**
 * The identifiers inside `scope`'s body that refer to a parameter or variable (or to a name its destructuring
 * pattern binds), in source order; cached per program and declaration. Candidates are found by text first, then
 * confirmed by symbol (so shadowing names and property names are left out).
 */
export function bindingReferences(program: ts.Program, declaration: BindingDeclaration, scope: FunctionWithBody): readonly ts.Identifier[] {
  let byDeclaration = referencesByProgram.get(program);
  if (!byDeclaration) {
    byDeclaration = new WeakMap();
    referencesByProgram.set(program, byDeclaration);
  }
  const cached = byDeclaration.get(declaration);
  if (cached) return cached;
  const checker = program.getTypeChecker();
  const names: ts.Identifier[] = [];
  bindingNames(declaration.name, names);
  const symbols = new Set(names.map(n => checker.getSymbolAtLocation(n)).filter(s => s !== undefined));
  const texts = new Set(names.map(n => n.text));
  const found: ts.Identifier[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node)) {
      if (texts.has(node.text) && !names.includes(node)) {
        const symbol =
          ts.isShorthandPropertyAssignment(node.parent) && node.parent.name === node
            ? checker.getShorthandAssignmentValueSymbol(node.parent)
            : checker.getSymbolAtLocation(node);
        if (symbol && symbols.has(symbol)) found.push(node);
      }
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(scope.body);
  byDeclaration.set(declaration, found);
  return found;
}

/** The references of a parameter in the body of its own function (see `bindingReferences`). */
export function parameterReferences(program: ts.Program, parameter: ts.ParameterDeclaration): readonly ts.Identifier[] {
  const fn = parameter.parent;
  return 'body' in fn && fn.body ? bindingReferences(program, parameter, fn as FunctionWithBody) : [];
}
