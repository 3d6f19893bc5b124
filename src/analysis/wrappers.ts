import * as ts from 'typescript';
import { declaredMemberSymbol, resolveAlias } from '../util/ts-nodes.js';
import { bindArguments, calleeBody, calleeNameNode, isInProgramSources, skipExpressionWrappers, type CallLike, type FunctionWithBody } from './callees.js';
import { parameterUses, type FlowPolicy } from './parameter-flow.js';
import { entry, parameterCache } from './cache.js';
import { callName, fileCalls, type FileCalls, type FunctionCalls } from './call-names.js';

/**
 * Project wrappers around a boundary: a function or method of the program that forwards a parameter (or an object
 * holding it) into a known boundary's payload, directly, through another function of the program, or through a
 * method of an interface or abstract class (a strategy held in a field) one of whose implementations in the program
 * does. Followed two levels deep; the verdict is cached per policy, program and parameter.
 */
export interface WrapperPolicy extends FlowPolicy {
  /** The id of the boundary whose payload a call's argument at `index` (-1: a spread argument) is, if any. */
  boundaryOfArgument(call: CallLike, index: number): string | undefined;
  /**
   * The names under which a call can reach a boundary (`add`, `startChild`), for a syntactic gate before any type is
   * asked for; `undefined` when a boundary can have any name (a user entry matched by callee type alone).
   */
  readonly boundaryNames: ReadonlySet<string> | undefined;
  /** Modules in whose importing files any call may be a boundary (values of a library's function type, any name). */
  readonly anyNameModules: readonly string[];
  /**
   * The same object for every program under one configuration (the boundary tables): the key of the per-file verdicts
   * that outlive a program (see `directForwarders`).
   */
  readonly configuration: object;
}

const MAX_DEPTH = 2;

const verdicts = new WeakMap<WrapperPolicy, WeakMap<ts.Program, WeakMap<ts.ParameterDeclaration, string | null>>>();
const implementations = new WeakMap<ts.Program, Map<ts.Symbol, readonly ts.ClassLikeDeclaration[]>>();
const callBodiesByProgram = new WeakMap<ts.Program, WeakMap<CallLike, readonly FunctionWithBody[]>>();
const forwardersByPolicy = new WeakMap<WrapperPolicy, WeakMap<ts.Program, Forwarders | null>>();
const directByConfiguration = new WeakMap<object, Map<string, WeakMap<ts.SourceFile, ReadonlySet<ts.Node>>>>();

/** The functions of a program that reach a boundary call, and the names a call to one of them can have. */
interface Forwarders {
  /** Function → in how many calls it reaches a boundary call (1: it makes one; 2: it calls a level-1 function; …). */
  readonly levels: ReadonlyMap<ts.Node, number>;
  readonly names: ReadonlySet<string>;
}

/**
 * The functions of the program's sources that reach a boundary call within the depth followed, whatever they pass,
 * found bottom-up once per program: the calls named like a boundary (`add`, `startChild`: a few dozen in a large
 * application) are matched by type; then the calls named like a function found so far are resolved (through an
 * interface's implementations too), level by level. A necessary condition for a parameter to be forwarded, so the
 * flow of parameters is followed only in these few functions, and a call site is resolved only when its name is one
 * of theirs. `null` when a boundary can have any name (a user entry matched by callee type alone): nothing is gated.
 */
function forwarders(program: ts.Program, policy: WrapperPolicy): Forwarders | null {
  const byProgram = entry(forwardersByPolicy, policy, () => new WeakMap());
  const cached = byProgram.get(program);
  if (cached !== undefined) return cached;
  const boundaryNames = policy.boundaryNames;
  let result: Forwarders | null = null;
  if (boundaryNames) {
    const files = program
      .getSourceFiles()
      .filter(file => !file.isDeclarationFile && !program.isSourceFileFromExternalLibrary(file))
      .map(file => ({ file, calls: fileCalls(file) }));
    const aliases = new Map<string, string[]>();
    for (const file of files) {
      for (const [from, to] of file.calls.exportAliases) aliases.set(from, [...(aliases.get(from) ?? []), to]);
    }
    const levels = new Map<ts.Node, number>();
    const names = new Set<string>();
    const add = (fn: FunctionCalls, level: number, found: Set<string>): void => {
      levels.set(fn.fn, level);
      for (const name of fn.names) for (const n of [name, ...(aliases.get(name) ?? [])]) found.add(n);
    };
    let reach = new Set<string>();
    const directByFile = directVerdicts(policy, boundaryNames);
    for (const file of files) {
      const direct = entry(directByFile, file.file, () => directForwarders(policy, boundaryNames, file.calls));
      if (direct.size === 0) continue;
      for (const fn of file.calls.functions) if (direct.has(fn.fn)) add(fn, 1, reach);
    }
    for (const name of reach) names.add(name);
    for (let level = 2; level <= MAX_DEPTH + 1 && reach.size > 0; level++) {
      const next = new Set<string>();
      for (const file of files) {
        const byName = callsByName(file.calls);
        for (const name of reach) {
          for (const { fn, call } of byName.get(name) ?? []) {
            if (levels.has(fn.fn)) continue;
            if (callBodies(program, call).some(body => levels.get(body) === level - 1)) add(fn, level, next);
          }
        }
      }
      for (const name of next) names.add(name);
      reach = next;
    }
    result = { levels, names };
  }
  byProgram.set(program, result);
  return result;
}

const callIndexes = new WeakMap<FileCalls, ReadonlyMap<string, readonly { readonly fn: FunctionCalls; readonly call: CallLike }[]>>();

/** A file's calls by name, each with every function it is in (nested functions included), for `forwarders`' levels. */
function callsByName(file: FileCalls): ReadonlyMap<string, readonly { readonly fn: FunctionCalls; readonly call: CallLike }[]> {
  return entry(callIndexes, file, () => {
    const built = new Map<string, { fn: FunctionCalls; call: CallLike }[]>();
    for (const fn of file.functions) {
      for (const call of fn.callNodes) {
        const name = callName(call);
        if (name !== undefined) entry(built, name, () => []).push({ fn, call });
      }
    }
    return built;
  });
}

/**
 * Where the functions of each file that make a boundary call themselves (level 1 of `forwarders`, see
 * `directForwarders`) are kept: per configuration and `ts.SourceFile` rather than per program. A language service
 * reuses the `SourceFile` of every unchanged file from one edit's program to the next, so an editor types a file's
 * boundary-named calls once, not on every keystroke (a CLI run has a single program and sees no difference). The
 * verdict is the one of the first program that saw the file: an edit to another file that changes what a call of this
 * one resolves to is seen when this file changes.
 */
function directVerdicts(policy: WrapperPolicy, boundaryNames: ReadonlySet<string>): WeakMap<ts.SourceFile, ReadonlySet<ts.Node>> {
  const byNames = entry(directByConfiguration, policy.configuration, () => new Map());
  // The boundary names follow from the packages the program has: a new dependency starts a new set of verdicts.
  return entry(byNames, [...boundaryNames].sort().join(' '), () => {
    if (byNames.size >= 4) byNames.clear();
    return new WeakMap();
  });
}

/** The functions of one file that make a call `policy` matches as a boundary, under a boundary's name. */
function directForwarders(policy: WrapperPolicy, boundaryNames: ReadonlySet<string>, file: FileCalls): ReadonlySet<ts.Node> {
  const anyName = policy.anyNameModules.some(m => file.imports.has(m));
  const direct = new Set<ts.Node>();
  for (const fn of file.functions) {
    const calls = fn.callNodes.some(call => {
      const name = callName(call);
      return (anyName || (name !== undefined && boundaryNames.has(name))) && policy.boundaryOfArgument(call, -1) !== undefined;
    });
    if (calls) direct.add(fn.fn);
  }
  return direct;
}

/**
 * Whether a call may be one of a wrapper (names only, after the program's forwarders are known): its name is one a
 * forwarding function is called by, or it calls such a function expression in place.
 */
function mayCallWrapper(program: ts.Program, policy: WrapperPolicy, call: CallLike): boolean {
  const found = forwarders(program, policy);
  if (!found) return true;
  const name = callName(call);
  if (name !== undefined) return found.names.has(name);
  return found.levels.has(skipExpressionWrappers(call.expression));
}

/** In how many calls a function reaches a boundary call (see `forwarders`); 1 when that is not gated. */
function reachLevel(program: ts.Program, policy: WrapperPolicy, fn: ts.Node): number {
  const found = forwarders(program, policy);
  return found ? (found.levels.get(fn) ?? Infinity) : 1;
}

/**
 * The bodies a call may run: the callee's own (see `calleeBody`), or for a method of an interface or abstract class
 * of the program (a strategy held in a field), the same-named methods of its implementations. Cached per call.
 */
function callBodies(program: ts.Program, call: CallLike): readonly FunctionWithBody[] {
  return entry(entry(callBodiesByProgram, program, () => new WeakMap()), call, () => resolveBodies(program, call));
}

function resolveBodies(program: ts.Program, call: CallLike): readonly FunctionWithBody[] {
  const own = calleeBody(program, call);
  if (own) return [own];
  const name = calleeNameNode(call);
  if (!name || !ts.isCallExpression(call) || !ts.isPropertyAccessExpression(call.expression)) return [];
  const checker = program.getTypeChecker();
  // The method as `calleeBody` found it, on the receiver's declared type where there is one.
  const symbol = declaredMemberSymbol(checker, name);
  const declaration = symbol && resolveAlias(checker, symbol).declarations?.find(d => ts.isMethodSignature(d) || ts.isMethodDeclaration(d));
  const owner = declaration?.parent;
  if (!owner || !(ts.isInterfaceDeclaration(owner) || ts.isClassDeclaration(owner)) || !isInProgramSources(program, owner)) return [];
  const ownerSymbol = owner.name && checker.getSymbolAtLocation(owner.name);
  if (!ownerSymbol) return [];
  const out: FunctionWithBody[] = [];
  for (const implementation of implementationsOf(program, ownerSymbol)) {
    for (const member of implementation.members) {
      if (ts.isMethodDeclaration(member) && member.body && member.name.getText() === name.getText()) out.push(member as FunctionWithBody);
    }
  }
  return out;
}

/** The boundary a parameter's value is forwarded to (`bullmq.Queue.add`), or undefined. */
export function forwardedBoundary(program: ts.Program, policy: WrapperPolicy, parameter: ts.ParameterDeclaration): string | undefined {
  return new Forwarding(program, policy).boundary(parameter, 0);
}

/** For a call whose body is in the program: the boundary each forwarded argument reaches, by argument index. */
export function wrapperArguments(program: ts.Program, policy: WrapperPolicy, call: CallLike): Map<number, string> {
  const out = new Map<number, string>();
  if (!mayCallWrapper(program, policy, call)) return out;
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
    if (reachLevel(this.program, this.policy, parameter.parent) > MAX_DEPTH + 1 - depth) {
      if (depth === 0) this.cache.set(parameter, null);
      return undefined;
    }
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
    if (!mayCallWrapper(this.program, this.policy, call)) return undefined;
    for (const fn of callBodies(this.program, call)) {
      const bound = bindArguments(call, fn).find(b => b.index === index);
      const found = bound && this.boundary(bound.parameter, depth + 1);
      if (found !== undefined) return found;
    }
    return undefined;
  }
}

/**
 * The classes of the program's own sources that implement or extend `owner` (an interface or class), directly or
 * through other interfaces and classes; computed once per program and owner by one pass over top-level classes.
 */
function implementationsOf(program: ts.Program, owner: ts.Symbol): readonly ts.ClassLikeDeclaration[] {
  const byOwner = entry(implementations, program, () => new Map());
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
