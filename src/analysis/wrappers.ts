import * as ts from 'typescript';
import { resolveAlias } from '../util/ts-nodes.js';
import { bindArguments, calleeBody, calleeNameNode, isInProgramSources, type CallLike, type FunctionWithBody } from './callees.js';
import { parameterUses, type FlowPolicy } from './parameter-flow.js';
import { parameterCache } from './cache.js';

/**
 * Project wrappers around a boundary: a function or method of the program that forwards a parameter (or an object
 * holding it) into a known boundary's payload, directly, through another function of the program, or through a
 * method of an interface or abstract class (a strategy held in a field) one of whose implementations in the program
 * does. Followed two levels deep; the verdict is cached per policy, program and parameter.
 */
export interface WrapperPolicy extends FlowPolicy {
  /** The id of the boundary whose payload a call's argument at `index` (-1: a spread argument) is, if any. */
  boundaryOfArgument(call: CallLike, index: number): string | undefined;
}

const MAX_DEPTH = 2;

const verdicts = new WeakMap<WrapperPolicy, WeakMap<ts.Program, WeakMap<ts.ParameterDeclaration, string | null>>>();
const implementations = new WeakMap<ts.Program, Map<ts.Symbol, readonly ts.ClassLikeDeclaration[]>>();


/** The boundary a parameter's value is forwarded to (`bullmq.Queue.add`), or undefined. */
export function forwardedBoundary(program: ts.Program, policy: WrapperPolicy, parameter: ts.ParameterDeclaration): string | undefined {
  return new Forwarding(program, policy).boundary(parameter, 0);
}

/** For a call whose body is in the program: the boundary each forwarded argument reaches, by argument index. */
export function wrapperArguments(program: ts.Program, policy: WrapperPolicy, call: CallLike): Map<number, string> {
  const out = new Map<number, string>();
  const fn = calleeBody(program, call);
  if (!fn) return out;
  for (const bound of bindArguments(call, fn)) {
    const boundary = forwardedBoundary(program, policy, bound.parameter);
    if (boundary !== undefined) out.set(bound.index, boundary);
  }
  return out;
}

class Forwarding {
  private readonly cache: WeakMap<ts.ParameterDeclaration, string | null>;
  private readonly inProgress = new Set<ts.ParameterDeclaration>();

  constructor(
    private readonly program: ts.Program,
    private readonly policy: WrapperPolicy,
  ) {
    this.cache = parameterCache(verdicts, policy, program);
  }

  boundary(parameter: ts.ParameterDeclaration, depth: number): string | undefined {
    const cached = this.cache.get(parameter);
    if (cached !== undefined) return cached ?? undefined;
    if (this.inProgress.has(parameter) || depth > MAX_DEPTH) return undefined;
    this.inProgress.add(parameter);
    let found: string | undefined;
    for (const use of parameterUses(this.program, this.policy, parameter)) {
      if (use.kind !== 'argument' || !use.call) continue;
      const index = use.argumentIndex ?? -1;
      found = this.policy.boundaryOfArgument(use.call, index) ?? (index === -1 ? undefined : this.through(use.call, index, depth));
      if (found !== undefined) break;
    }
    this.inProgress.delete(parameter);
    // Only complete answers are cached: one cut short by the depth limit may differ from a shallower start.
    if (found !== undefined || depth === 0) this.cache.set(parameter, found ?? null);
    return found;
  }

  /** A call of the program (or of an interface method some implementation of which is in the program) that forwards. */
  private through(call: CallLike, index: number, depth: number): string | undefined {
    const fns = [...this.bodies(call)];
    for (const fn of fns) {
      const bound = bindArguments(call, fn).find(b => b.index === index);
      const found = bound && this.boundary(bound.parameter, depth + 1);
      if (found !== undefined) return found;
    }
    return undefined;
  }

  private *bodies(call: CallLike): Iterable<FunctionWithBody> {
    const own = calleeBody(this.program, call);
    if (own) {
      yield own;
      return;
    }
    const name = calleeNameNode(call);
    if (!name || !ts.isCallExpression(call) || !ts.isPropertyAccessExpression(call.expression)) return;
    const checker = this.program.getTypeChecker();
    const symbol = checker.getSymbolAtLocation(name);
    const declaration = symbol && resolveAlias(checker, symbol).declarations?.find(d => ts.isMethodSignature(d) || ts.isMethodDeclaration(d));
    const owner = declaration?.parent;
    if (!owner || !(ts.isInterfaceDeclaration(owner) || ts.isClassDeclaration(owner)) || !isInProgramSources(this.program, owner)) return;
    const ownerSymbol = owner.name && checker.getSymbolAtLocation(owner.name);
    if (!ownerSymbol) return;
    for (const implementation of implementationsOf(this.program, ownerSymbol)) {
      for (const member of implementation.members) {
        if (ts.isMethodDeclaration(member) && member.body && member.name.getText() === name.getText()) yield member as FunctionWithBody;
      }
    }
  }
}

/**
 * The classes of the program's own sources that implement or extend `owner` (an interface or class), directly or
 * through other interfaces and classes; computed once per program and owner by one pass over top-level classes.
 */
function implementationsOf(program: ts.Program, owner: ts.Symbol): readonly ts.ClassLikeDeclaration[] {
  let byOwner = implementations.get(program);
  if (!byOwner) {
    byOwner = new Map();
    implementations.set(program, byOwner);
  }
  const cached = byOwner.get(owner);
  if (cached) return cached;
  const checker = program.getTypeChecker();
  const heritage = (declaration: ts.ClassLikeDeclaration | ts.InterfaceDeclaration): ts.Symbol[] =>
    (declaration.heritageClauses ?? []).flatMap(clause =>
      clause.types.flatMap(t => {
        const symbol = checker.getSymbolAtLocation(t.expression);
        return symbol ? [resolveAlias(checker, symbol)] : [];
      }),
    );
  const reaches = (symbol: ts.Symbol, seen: Set<ts.Symbol>): boolean => {
    if (symbol === owner) return true;
    if (seen.has(symbol)) return false;
    seen.add(symbol);
    return (symbol.declarations ?? []).some(
      d => (ts.isClassLike(d) || ts.isInterfaceDeclaration(d)) && heritage(d).some(s => reaches(s, seen)),
    );
  };
  const found: ts.ClassLikeDeclaration[] = [];
  for (const file of program.getSourceFiles()) {
    if (file.isDeclarationFile || program.isSourceFileFromExternalLibrary(file)) continue;
    for (const statement of file.statements) {
      if (!ts.isClassDeclaration(statement) || !statement.heritageClauses) continue;
      if (heritage(statement).some(s => reaches(s, new Set()))) found.push(statement);
    }
  }
  byOwner.set(owner, found);
  return found;
}
