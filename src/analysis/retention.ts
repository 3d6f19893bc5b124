import { isThenableType } from '../util/type-predicates.js';
import * as ts from 'typescript';
import { bindArguments, calleeBody, type CallLike } from './callees.js';
import { parameterUses, type FlowPolicy, type ValueUse } from './parameter-flow.js';
import { parameterCache } from './cache.js';

/**
 * Whether a function keeps a value it is handed beyond the call itself: the question a dropped promise raises. A
 * function that only reads the value before it first suspends (`purge(products)` mapping `p.id` and then sending
 * ids over HTTP) lets go of it when the call returns; one that uses it after an `await`, in a callback that may run
 * later, stores it, or hands it on to a boundary or to promise-returning library work, keeps it. Callees whose body
 * is in the program are followed (a few levels deep); everything else is assumed to keep what it is given.
 */
export interface RetentionPolicy extends FlowPolicy {
  /** A property read that is harmless at any time (the primary key of an entity). */
  readsKey(object: ts.Expression, name: string): boolean;
  /** Whether a call hands the argument at `index` (-1: a spread argument) to a boundary. */
  isBoundaryArgument(call: CallLike, index: number): boolean;
}

const MAX_DEPTH = 4;

const verdicts = new WeakMap<RetentionPolicy, WeakMap<ts.Program, WeakMap<ts.ParameterDeclaration, boolean>>>();


/** Whether the function declaring `parameter` keeps the value it receives there beyond the call; cached per parameter. */
export function keepsParameter(program: ts.Program, policy: RetentionPolicy, parameter: ts.ParameterDeclaration): boolean {
  return new Retention(program, policy).keeps(parameter, 0);
}

/**
 * Whether a call whose body is in the program keeps the value of its argument at `index`; `undefined` when the callee
 * has no body in the program or the argument cannot be lined up with a parameter.
 */
export function callKeepsArgument(program: ts.Program, policy: RetentionPolicy, call: CallLike, index: number): boolean | undefined {
  const fn = calleeBody(program, call);
  if (!fn) return undefined;
  const bound = bindArguments(call, fn).find(b => b.index === index);
  return bound && keepsParameter(program, policy, bound.parameter);
}

class Retention {
  private readonly cache: WeakMap<ts.ParameterDeclaration, boolean>;
  private readonly checker: ts.TypeChecker;
  private readonly inProgress = new Set<ts.ParameterDeclaration>();

  constructor(
    private readonly program: ts.Program,
    private readonly policy: RetentionPolicy,
  ) {
    this.cache = parameterCache(verdicts, policy, program);
    this.checker = program.getTypeChecker();
  }

  keeps(parameter: ts.ParameterDeclaration, depth: number): boolean {
    const cached = this.cache.get(parameter);
    if (cached !== undefined) return cached;
    // A recursive call adds nothing the outer walk does not see.
    if (this.inProgress.has(parameter)) return false;
    if (depth > MAX_DEPTH) return true;
    this.inProgress.add(parameter);
    const result = parameterUses(this.program, this.policy, parameter).some(use => this.useKeeps(use, depth));
    this.inProgress.delete(parameter);
    this.cache.set(parameter, result);
    return result;
  }

  private useKeeps(use: ValueUse, depth: number): boolean {
    if (use.property && this.policy.readsKey(use.property.object, use.property.name)) return false;
    if (use.late) return true;
    switch (use.kind) {
      case 'read':
      case 'return':
        return false;
      case 'store':
        return true;
      case 'receiver':
        return use.call !== undefined && this.returnsPromise(use.call);
      case 'argument': {
        const call = use.call;
        const index = use.argumentIndex ?? -1;
        if (!call) return true;
        if (this.policy.isBoundaryArgument(call, index)) return true;
        const fn = calleeBody(this.program, call);
        if (fn) {
          const bound = index === -1 ? undefined : bindArguments(call, fn).find(b => b.index === index);
          return bound === undefined || this.keeps(bound.parameter, depth + 1);
        }
        return this.returnsPromise(call);
      }
    }
  }

  /**
   * Library work that goes on after the call returns, the way `no-floating-promises` tells a promise (an `any` result
   * tells nothing, and is not taken for one).
   */
  private returnsPromise(call: CallLike): boolean {
    const type = this.checker.getTypeAtLocation(call);
    const members = type.isUnion() ? type.types : [type];
    return members.some(member => isThenableType(this.checker, call, member));
  }
}
