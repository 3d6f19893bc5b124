import * as ts from 'typescript';
import type { CallLike, FunctionWithBody } from './callees.js';
import { bindingReferences } from './callees.js';

/**
 * Where the value a function receives through a parameter goes inside the function's body: which calls it is handed
 * to, which methods are called on it, where it is stored, and whether each of those happens during the call itself
 * (before the function first suspends at an `await`/`yield`) or later (after that, or in a callback that may run
 * later). The value is followed through local aliases (`const p = param`, destructuring, `for (const p of param)`),
 * member reads, object literals, objects constructed from it, and the callbacks of array/set/map methods, which run
 * synchronously; a step that yields a value the
 * policy says no longer carries it (`p.id`, a string) ends there.
 *
 * Generic: what "carries" means is the policy's (`entity` for one analysis, `any object` for another), and the
 * caller decides what each use means. Computed once per policy, function and parameter.
 */

/** What a use does with the value. */
export type UseKind =
  /** Read without handing it on: a property read, a comparison, a template literal, a property write on it. */
  | 'read'
  /** An argument of a call or `new` (directly or inside object/array literals written at the call). */
  | 'argument'
  /** The object a method is called on (`p.save()`), other than a synchronous collection method. */
  | 'receiver'
  /** Stored where it outlives the call: assigned to a property or an outer variable, thrown, yielded. */
  | 'store'
  /** Returned. */
  | 'return';

export interface ValueUse {
  readonly kind: UseKind;
  /** The expression holding the value at the use (the reference, extended through member reads and literals). */
  readonly node: ts.Expression;
  /** Runs after the function's first suspension, or in a nested function that may run later. */
  readonly late: boolean;
  /** With `argument` and `receiver`: the call. */
  readonly call?: CallLike;
  /** With `argument`: the index of the call's argument that holds the value (-1: inside a spread argument). */
  readonly argumentIndex?: number;
  /** With `read` of a property: the object read from and the property's name (`p` and `id` in `p.id`). */
  readonly property?: { readonly object: ts.Expression; readonly name: string };
}

export interface FlowPolicy {
  /** Whether a value of this type still carries what is followed. */
  carries(type: ts.Type): boolean;
}

/** Lib interfaces whose callback-taking methods call the callback synchronously (`map`, `forEach`, `find`, ...). */
const synchronousCollections: ReadonlySet<string> = new Set([
  'Array',
  'ReadonlyArray',
  'Set',
  'ReadonlySet',
  'Map',
  'ReadonlyMap',
  'ArrayConstructor',
  'ObjectConstructor',
]);

type Binding = ts.ParameterDeclaration | ts.VariableDeclaration | ts.BindingElement;

const flows = new WeakMap<FlowPolicy, WeakMap<ts.Program, WeakMap<Binding, readonly ValueUse[]>>>();

/** The uses of the value bound to `parameter` in its function's body (see the module comment). */
export function parameterUses(program: ts.Program, policy: FlowPolicy, parameter: ts.ParameterDeclaration): readonly ValueUse[] {
  let byProgram = flows.get(policy);
  if (!byProgram) {
    byProgram = new WeakMap();
    flows.set(policy, byProgram);
  }
  let byBinding = byProgram.get(program);
  if (!byBinding) {
    byBinding = new WeakMap();
    byProgram.set(program, byBinding);
  }
  const cached = byBinding.get(parameter);
  if (cached) return cached;
  const uses = new FlowWalker(program, policy, parameter.parent as FunctionWithBody).run(parameter);
  byBinding.set(parameter, uses);
  return uses;
}

function isFunctionWithBody(node: ts.Node): node is FunctionWithBody {
  return ts.isFunctionLike(node) && 'body' in node && node.body !== undefined;
}

function isLoop(node: ts.Node): boolean {
  return ts.isForStatement(node) || ts.isForOfStatement(node) || ts.isForInStatement(node) || ts.isWhileStatement(node) || ts.isDoStatement(node);
}

const syncEnds = new WeakMap<ts.Node, number>();

/**
 * The offset up to which a function body runs during the call: the end of the first `await`/`yield` operand (the
 * operand is evaluated before suspending), or the start of the outermost loop that contains a suspension (its next
 * iterations run after it). Nested functions do not count. `Infinity` for a function that never suspends.
 */
export function synchronousEnd(fn: FunctionWithBody): number {
  const cached = syncEnds.get(fn);
  if (cached !== undefined) return cached;
  let end = Infinity;
  const suspends = (node: ts.Node, at: number): void => {
    let loopStart: number | undefined;
    for (let p: ts.Node = node.parent; p !== fn; p = p.parent) if (isLoop(p)) loopStart = p.getStart();
    end = Math.min(end, loopStart ?? at);
  };
  const visit = (node: ts.Node): void => {
    if (isFunctionWithBody(node) || ts.isClassLike(node)) return;
    if (ts.isAwaitExpression(node)) suspends(node, node.expression.getEnd());
    else if (ts.isYieldExpression(node)) suspends(node, node.expression?.getEnd() ?? node.getStart());
    else if (ts.isForOfStatement(node) && node.awaitModifier) suspends(node, node.expression.getEnd());
    else if (ts.isVariableDeclarationList(node) && (node.flags & ts.NodeFlags.AwaitUsing) !== 0 && (node.flags & ts.NodeFlags.Const) !== 0 && (node.flags & ts.NodeFlags.Using) !== 0) suspends(node, node.getEnd());
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(fn.body, visit);
  syncEnds.set(fn, end);
  return end;
}

class FlowWalker {
  private readonly checker: ts.TypeChecker;
  private readonly uses: ValueUse[] = [];
  private readonly seen = new Set<ts.Node>();

  constructor(
    private readonly program: ts.Program,
    private readonly policy: FlowPolicy,
    private readonly fn: FunctionWithBody,
  ) {
    this.checker = program.getTypeChecker();
  }

  run(parameter: ts.ParameterDeclaration): readonly ValueUse[] {
    this.follow(parameter);
    return this.uses;
  }

  private carries(node: ts.Node): boolean {
    return this.policy.carries(this.checker.getTypeAtLocation(node));
  }

  /** Follows every reference of a binding (its destructured names that still carry the value). */
  private follow(binding: Binding): void {
    if (this.seen.has(binding)) return;
    this.seen.add(binding);
    for (const reference of bindingReferences(this.program, binding, this.fn)) {
      if (!this.carries(reference)) continue;
      this.extend(reference);
    }
  }

  /** Binds the names a pattern (or a plain name) declares, and follows those that carry the value. */
  private followPattern(declaration: ts.VariableDeclaration | ts.ParameterDeclaration | ts.BindingElement): void {
    if (ts.isIdentifier(declaration.name)) {
      this.follow(declaration);
      return;
    }
    for (const element of declaration.name.elements) {
      if (ts.isOmittedExpression(element)) continue;
      if (this.carries(element.name)) this.followPattern(element);
    }
  }

  private record(use: Omit<ValueUse, 'late'>): void {
    this.uses.push({ ...use, late: this.isLate(use.node) });
  }

  /** Walks up from a reference through the expressions that still hold the value, and records what happens to it. */
  private extend(start: ts.Expression): void {
    let node: ts.Expression = start;
    for (;;) {
      const parent = node.parent;
      if (
        ts.isParenthesizedExpression(parent) ||
        ts.isAsExpression(parent) ||
        ts.isSatisfiesExpression(parent) ||
        ts.isNonNullExpression(parent) ||
        ts.isTypeAssertionExpression(parent) ||
        ts.isAwaitExpression(parent) ||
        (ts.isConditionalExpression(parent) && parent.condition !== node)
      ) {
        node = parent;
        continue;
      }
      if (ts.isBinaryExpression(parent)) {
        const op = parent.operatorToken.kind;
        if (op === ts.SyntaxKind.BarBarToken || op === ts.SyntaxKind.QuestionQuestionToken || (op === ts.SyntaxKind.AmpersandAmpersandToken && parent.right === node)) {
          node = parent;
          continue;
        }
        if (op === ts.SyntaxKind.EqualsToken && parent.right === node) {
          this.assigned(parent.left, node);
          return;
        }
        this.record({ kind: 'read', node });
        return;
      }
      if ((ts.isPropertyAccessExpression(parent) || ts.isElementAccessExpression(parent)) && parent.expression === node) {
        const call = parent.parent;
        if (ts.isCallExpression(call) && call.expression === parent) {
          if (this.synchronousCollectionCall(call)) {
            this.record({ kind: 'read', node });
            this.followCallbacks(call);
            if (this.carries(call)) {
              node = call;
              continue;
            }
            return;
          }
          this.record({ kind: 'receiver', node, call });
          return;
        }
        const name = ts.isPropertyAccessExpression(parent)
          ? parent.name.text
          : ts.isStringLiteralLike(parent.argumentExpression) || ts.isNumericLiteral(parent.argumentExpression)
            ? parent.argumentExpression.text
            : '[]';
        const written = ts.isBinaryExpression(call) && call.left === parent;
        if (!written && this.carries(parent)) {
          node = parent;
          continue;
        }
        this.record({ kind: 'read', node, property: { object: node, name } });
        return;
      }
      if (ts.isPropertyAssignment(parent) && parent.initializer === node) {
        node = parent.parent;
        continue;
      }
      if (ts.isShorthandPropertyAssignment(parent) || ts.isSpreadAssignment(parent)) {
        node = parent.parent;
        continue;
      }
      if (ts.isArrayLiteralExpression(parent)) {
        node = parent;
        continue;
      }
      if (ts.isSpreadElement(parent)) {
        if (ts.isArrayLiteralExpression(parent.parent)) {
          node = parent.parent;
          continue;
        }
        if (ts.isCallExpression(parent.parent) || ts.isNewExpression(parent.parent)) {
          this.record({ kind: 'argument', node, call: parent.parent, argumentIndex: -1 });
          return;
        }
      }
      if ((ts.isCallExpression(parent) || ts.isNewExpression(parent)) && parent.expression !== node) {
        const index = parent.arguments?.indexOf(node) ?? -1;
        this.record({ kind: 'argument', node, call: parent, argumentIndex: index });
        // The object a constructor builds from the value may hold it (`new Job({ data })`): followed too.
        if (ts.isNewExpression(parent) && this.carries(parent)) {
          node = parent;
          continue;
        }
        return;
      }
      if (ts.isVariableDeclaration(parent) && parent.initializer === node) {
        this.followPattern(parent);
        return;
      }
      if (ts.isForOfStatement(parent) && parent.expression === node) {
        const initializer = parent.initializer;
        if (ts.isVariableDeclarationList(initializer)) for (const declaration of initializer.declarations) this.followPattern(declaration);
        else this.assigned(initializer, node);
        return;
      }
      if (ts.isReturnStatement(parent) || (ts.isArrowFunction(parent) && parent.body === node)) {
        this.record({ kind: 'return', node });
        return;
      }
      if (ts.isThrowStatement(parent) || ts.isYieldExpression(parent) || (ts.isPropertyDeclaration(parent) && parent.initializer === node)) {
        this.record({ kind: 'store', node });
        return;
      }
      this.record({ kind: 'read', node });
      return;
    }
  }

  /** `target = value`: a local of this function becomes an alias; anything else stores the value. */
  private assigned(target: ts.Expression | ts.ForInitializer, value: ts.Expression): void {
    if (ts.isIdentifier(target)) {
      const symbol = this.checker.getSymbolAtLocation(target);
      const declaration = symbol?.valueDeclaration;
      if (declaration && ts.isVariableDeclaration(declaration) && this.within(declaration)) {
        this.follow(declaration);
        return;
      }
    }
    this.record({ kind: 'store', node: value });
  }

  private within(node: ts.Node): boolean {
    return node.pos >= this.fn.body.pos && node.end <= this.fn.body.end && node.getSourceFile() === this.fn.getSourceFile();
  }

  /** A call of a lib collection method (`items.map(...)`), whose callbacks run during the call. */
  private synchronousCollectionCall(call: ts.CallExpression): boolean {
    const callee = call.expression;
    const name = ts.isPropertyAccessExpression(callee) ? callee.name : ts.isElementAccessExpression(callee) ? callee.argumentExpression : undefined;
    if (!name) return false;
    const symbol = this.checker.getSymbolAtLocation(name);
    const declarations = symbol?.declarations ?? [];
    return (
      declarations.length > 0 &&
      declarations.every(d => {
        const owner = d.parent;
        return (
          this.program.isSourceFileDefaultLibrary(d.getSourceFile()) &&
          (ts.isInterfaceDeclaration(owner) || ts.isClassDeclaration(owner)) &&
          owner.name !== undefined &&
          synchronousCollections.has(owner.name.text)
        );
      })
    );
  }

  /** The elements a collection method hands to its inline callbacks carry the value too. */
  private followCallbacks(call: ts.CallExpression): void {
    for (const argument of call.arguments) {
      if (!ts.isArrowFunction(argument) && !ts.isFunctionExpression(argument)) continue;
      for (const parameter of argument.parameters) if (this.carries(parameter.name)) this.followPattern(parameter);
    }
  }

  /**
   * Whether `node` runs after the call of `fn` has returned: after a suspension of `fn`, or inside a nested function
   * other than a synchronous collection callback or an immediately invoked function (and then after that function's
   * own first suspension).
   */
  private isLate(node: ts.Node): boolean {
    let inner: ts.Node = node;
    for (let scope = enclosingFunction(node); scope; scope = enclosingFunction(scope)) {
      if (inner.getEnd() > synchronousEnd(scope)) return true;
      if (scope === this.fn) return false;
      if (!this.runsInPlace(scope)) return true;
      inner = scope;
    }
    return false;
  }

  private runsInPlace(fn: FunctionWithBody): boolean {
    if (!ts.isArrowFunction(fn) && !ts.isFunctionExpression(fn)) return false;
    let outer: ts.Node = fn;
    while (ts.isParenthesizedExpression(outer.parent)) outer = outer.parent;
    const parent = outer.parent;
    if (ts.isCallExpression(parent) && parent.expression === outer) return true;
    return ts.isCallExpression(parent) && parent.arguments.includes(outer as ts.Expression) && this.synchronousCollectionCall(parent);
  }
}

function enclosingFunction(node: ts.Node): FunctionWithBody | undefined {
  for (let p: ts.Node = node; !ts.isSourceFile(p); ) {
    p = p.parent;
    if (isFunctionWithBody(p)) return p;
  }
  return undefined;
}
