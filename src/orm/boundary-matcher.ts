import type { TypeOrValueSpecifier } from '@typescript-eslint/type-utils';
import { valueMatchesSomeSpecifier } from '@typescript-eslint/type-utils';
import { specifiersMayMatch, typeMatchesSpecifiers } from '../util/specifiers.js';
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { isTypeReference, unionMembers } from '../util/type-predicates.js';
import * as ts from 'typescript';
import {
  DEFAULT_BOUNDARIES,
  DEFAULT_DEFERRED,
  DEFAULT_JOB_TYPES,
  DEFAULT_SIGNATURES,
  type BoundaryEntry,
  type DeferredEntry,
  type PayloadPosition,
  type SignatureSite,
} from './boundaries.js';
import { skipTypeWrappers } from '../util/ast.js';
import { importedModules } from '../analysis/call-names.js';
import { argumentSelector, type ArgumentSelector, type Parameter, type Selection } from '../util/arguments.js';

/** The boundary tables in effect for one rule configuration: defaults minus disabled ids, plus the user's entries. */
export interface BoundaryTables {
  readonly payload: IndexedTable<BoundaryEntry>;
  readonly deferred: IndexedTable<DeferredEntry>;
  readonly jobTypes: readonly TypeOrValueSpecifier[];
  readonly signatures: IndexedTable<SignatureSite>;
  /**
   * The member names (`x.<name>(...)`) under which an entry matched by its callee's type can be reached, for a cheap
   * gate before asking for a member callee's type; `undefined` when any member name can (user callee entries).
   * Temporal's proxied activities (any name) are reached only in files that import `@temporalio/workflow`.
   */
  readonly calleeMemberNames: ReadonlySet<string> | undefined;
  /** The `payload` entries, for `payloadCallNames`. */
  readonly payloadEntries: readonly BoundaryEntry[];
  /** Whether a user entry matches callees by type alone: a call of it can have any name. */
  readonly anyPayloadCallName: boolean;
}

const presence = new WeakMap<ts.Program, WeakMap<CallPattern, boolean>>();

/**
 * Whether a table entry can match anything in a program as far as packages go: an entry whose receiver or callee
 * specifiers all name packages that the program has no declarations of (`agenda`, `pg-boss`) never matches, so its
 * calls' receivers need not be typed. Cached per program and entry.
 */
export function entryMayMatch(program: ts.Program, entry: CallPattern): boolean {
  let byEntry = presence.get(program);
  if (!byEntry) {
    byEntry = new WeakMap();
    presence.set(program, byEntry);
  }
  let may = byEntry.get(entry);
  if (may === undefined) {
    may = specifiersMayMatch(program, [...(entry.receiver ?? []), ...(entry.callee ?? [])]);
    byEntry.set(entry, may);
  }
  return may;
}

const callNamesByProgram = new WeakMap<BoundaryTables, WeakMap<ts.Program, ReadonlySet<string> | null>>();

/**
 * The names a call of a `payload` entry can have in a program (`x.add(...)`, `startChild(...)`,
 * `helpers.addJob(...)`), outside the files importing one of `ANY_NAME_MODULES`: entries whose packages the program
 * does not contain are left out (an `agenda.create` boundary cannot be reached without agenda's declarations).
 * `undefined` when any name can (user callee entries without `method`). For syntactic gates over code that is not
 * linted itself (bodies of project wrappers). Cached per tables and program.
 */
export function payloadCallNames(program: ts.Program, tables: BoundaryTables): ReadonlySet<string> | undefined {
  if (tables.anyPayloadCallName) return undefined;
  let byProgram = callNamesByProgram.get(tables);
  if (!byProgram) {
    byProgram = new WeakMap();
    callNamesByProgram.set(tables, byProgram);
  }
  let names = byProgram.get(program);
  if (names === undefined) {
    names = callNames(tables.payloadEntries.filter(entry => entryMayMatch(program, entry)));
    byProgram.set(program, names);
  }
  return names ?? undefined;
}

/** Modules whose importing files can reach a boundary under any local name (Temporal's proxied activities). */
export const ANY_NAME_MODULES: readonly string[] = ['@temporalio/workflow'];

/** Whether a file imports one of `ANY_NAME_MODULES` (from `importedModules`, cached per source file). */
export function importsAnyNameModule(file: ts.SourceFile): boolean {
  const imports = importedModules(file);
  return ANY_NAME_MODULES.some(m => imports.has(m));
}

/** Callee types whose values are usually reached under another member name (`helpers.addJob`). */
const memberNamesOfCalleeTypes: Readonly<Record<string, readonly string[]>> = {
  AddJobFunction: ['addJob'],
  AddJobsFunction: ['addJobs'],
};

function calleeMemberNames(entries: readonly CallPattern[], user: readonly UserBoundary[]): Set<string> | undefined {
  if (user.some(entry => entry.callee !== undefined && entry.method === undefined)) return undefined;
  const names = new Set<string>();
  for (const entry of entries) {
    if (!entry.callee || methodNames(entry.method).length > 0) continue;
    for (const specifier of entry.callee) {
      for (const name of specifierNames(specifier)) {
        names.add(name);
        for (const alias of memberNamesOfCalleeTypes[name] ?? []) names.add(alias);
      }
    }
  }
  return names;
}

function callNames(entries: readonly CallPattern[]): Set<string> {
  const names = new Set<string>();
  for (const entry of entries) {
    const methods = methodNames(entry.method);
    for (const name of methods) names.add(name);
    if (methods.length > 0 || !entry.callee) continue;
    for (const specifier of entry.callee) {
      for (const name of specifierNames(specifier)) {
        names.add(name);
        for (const alias of memberNamesOfCalleeTypes[name] ?? []) names.add(alias);
      }
    }
  }
  return names;
}

/** A user's `boundaries` option entry (validated by the rule's JSON schema). */
export interface UserBoundary {
  id?: string;
  receiver?: TypeOrValueSpecifier[];
  method?: string | string[];
  callee?: TypeOrValueSpecifier[];
  construct?: boolean;
  payload: PayloadPosition[];
}

/** Tables by configuration: the rule's options are the same for every file of a run, so they are built once. */
const tablesByOptions = new Map<string, BoundaryTables>();
const MAX_CACHED_CONFIGURATIONS = 32;

export function boundaryTables(extra: readonly UserBoundary[], disabled: readonly string[]): BoundaryTables {
  const key = JSON.stringify([extra, disabled]);
  let tables = tablesByOptions.get(key);
  if (!tables) {
    if (tablesByOptions.size >= MAX_CACHED_CONFIGURATIONS) tablesByOptions.clear();
    tables = buildTables(extra, disabled);
    tablesByOptions.set(key, tables);
  }
  return tables;
}

function buildTables(extra: readonly UserBoundary[], disabled: readonly string[]): BoundaryTables {
  const off = new Set(disabled);
  const user = extra.map((entry, i): BoundaryEntry => ({ ...entry, id: entry.id ?? `boundaries[${i}]` }));
  const payload = [...DEFAULT_BOUNDARIES.filter(b => !off.has(b.id)), ...user];
  const deferred = DEFAULT_DEFERRED.filter(d => !off.has(d.id));
  const signatures = DEFAULT_SIGNATURES.filter(s => !off.has(s.id));
  return {
    payload: indexTable(payload),
    deferred: indexTable(deferred),
    jobTypes: DEFAULT_JOB_TYPES.filter(j => !off.has(j.id)).flatMap(j => j.type),
    signatures: indexTable(signatures),
    calleeMemberNames: calleeMemberNames([...payload, ...deferred, ...signatures], extra),
    payloadEntries: payload,
    anyPayloadCallName: user.some(entry => entry.callee !== undefined && entry.method === undefined),
  };
}

export function methodNames(method: string | readonly string[] | undefined): readonly string[] {
  if (method === undefined) return [];
  return typeof method === 'string' ? [method] : method;
}

/** What `matchCall` needs from an entry of any table. */
export interface CallPattern {
  readonly receiver?: readonly TypeOrValueSpecifier[];
  readonly method?: string | readonly string[];
  readonly callee?: readonly TypeOrValueSpecifier[];
  readonly construct?: boolean;
}

/**
 * A table indexed for the cheap first step: receiver entries by method name; callee entries by the names their
 * specifiers and `method` mention. `candidates` returns the entries worth the full type match.
 */
export interface IndexedTable<T extends CallPattern> {
  candidates(staticName: string | undefined, calleeNames: () => readonly string[]): readonly T[];
}

function specifierNames(specifier: TypeOrValueSpecifier): readonly string[] {
  if (typeof specifier === 'string') return [specifier];
  return typeof specifier.name === 'string' ? [specifier.name] : specifier.name;
}

export function indexTable<T extends CallPattern>(entries: readonly T[]): IndexedTable<T> {
  const byMethod = new Map<string, T[]>();
  const byCalleeName = new Map<string, T[]>();
  const add = (map: Map<string, T[]>, key: string, entry: T): void => {
    const list = map.get(key);
    if (list) {
      if (!list.includes(entry)) list.push(entry);
    } else {
      map.set(key, [entry]);
    }
  };
  for (const entry of entries) {
    if (entry.receiver) {
      for (const name of methodNames(entry.method)) add(byMethod, name, entry);
    } else if (entry.callee) {
      const names = methodNames(entry.method);
      // With `method`, the callee's own name must be one of them; otherwise its type or value names decide.
      if (names.length > 0) for (const name of names) add(byMethod, name, entry);
      else for (const specifier of entry.callee) for (const name of specifierNames(specifier)) add(byCalleeName, name, entry);
    }
  }
  return {
    candidates(staticName, calleeNames) {
      const out = staticName === undefined ? [] : [...(byMethod.get(staticName) ?? [])];
      if (byCalleeName.size > 0) {
        for (const name of calleeNames()) {
          for (const entry of byCalleeName.get(name) ?? []) if (!out.includes(entry)) out.push(entry);
        }
      }
      return out;
    },
  };
}

/** The names a callee's type goes by (alias, symbol), for `IndexedTable.candidates`. */
export function typeNames(checker: ts.TypeChecker, type: ts.Type): string[] {
  const names: string[] = [];
  const visit = (t: ts.Type, depth: number): void => {
    if (t.aliasSymbol) names.push(t.aliasSymbol.name);
    const symbol = t.getSymbol();
    if (symbol) names.push(symbol.name);
    // `window.setTimeout` is `Window['setTimeout'] & typeof globalThis.setTimeout`; optional callees are unions.
    if (depth < 2 && (t.isUnion() || t.isIntersection())) for (const member of t.types) visit(member, depth + 1);
  };
  visit(checker.getNonNullableType(type), 0);
  return names;
}

// ---------------------------------------------------------------------------------------------------------------
// Receiver / callee matching by declared type and package.

const receiverCache = new WeakMap<object, WeakMap<ts.Type, boolean>>();

function baseTypes(checker: ts.TypeChecker, type: ts.Type): readonly ts.Type[] {
  const target = isTypeReference(type) ? type.target : type;
  if (!(target.flags & ts.TypeFlags.Object) || !target.isClassOrInterface()) return [];
  return checker.getBaseTypes(target);
}

/**
 * Whether a receiver's type is (a subclass or sub-interface of) one of `specifiers`. Nullable receivers
 * (`port?.postMessage`) are matched on their non-null part; every member of a union must match.
 */
export function receiverMatches(
  program: ts.Program,
  type: ts.Type,
  specifiers: readonly TypeOrValueSpecifier[],
): boolean {
  let byType = receiverCache.get(specifiers);
  if (!byType) {
    byType = new WeakMap();
    receiverCache.set(specifiers, byType);
  }
  const cached = byType.get(type);
  if (cached !== undefined) return cached;
  const checker = program.getTypeChecker();
  const list = [...specifiers];
  const matches = (t: ts.Type, depth: number): boolean => {
    if (depth > 6) return false;
    if (typeMatchesSpecifiers(t, list, program)) return true;
    return baseTypes(checker, t).some(base => matches(base, depth + 1));
  };
  const apparent = checker.getApparentType(checker.getNonNullableType(type));
  const members = apparent.isUnion() ? apparent.types : [apparent];
  const result =
    members.length > 0 &&
    members.every(member => !(member.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) && matches(member, 0));
  byType.set(type, result);
  return result;
}

/** The node naming a callee (`addJob` in `helpers.addJob` or `addJob`), for `valueMatchesSomeSpecifier`. */
export function calleeNameNode(callee: TSESTree.Node): TSESTree.Node {
  const inner = skipTypeWrappers(callee);
  return inner.type === AST_NODE_TYPES.MemberExpression ? inner.property : inner;
}

/** Whether a callee's own type (function type, type alias, class) or its value matches one of `specifiers`. */
export function calleeMatches(
  program: ts.Program,
  callee: TSESTree.Node,
  calleeType: ts.Type,
  specifiers: readonly TypeOrValueSpecifier[],
): boolean {
  const type = program.getTypeChecker().getNonNullableType(calleeType);
  if (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return false;
  const list = [...specifiers];
  if (typeMatchesSpecifiers(type, list, program)) return true;
  // `valueMatchesSomeSpecifier` checks the declaring source only for package specifiers (for `lib`/`file` it
  // compares names), so only those are used to match by value: `step.sendEvent` whose type is anonymous.
  const byPackage = list.filter(s => typeof s !== 'string' && s.from === 'package');
  return byPackage.length > 0 && valueMatchesSomeSpecifier(calleeNameNode(callee), byPackage, program, type);
}

// ---------------------------------------------------------------------------------------------------------------
// Payload positions.

/** An argument (or spread argument) that holds payload, and the property path inside it. */
export interface PayloadArgument {
  readonly node: TSESTree.Node;
  readonly path: readonly string[];
}

/**
 * The arguments at `position` in a call: by parameter name in the call's parameters first (a rest parameter takes
 * every argument from its index on), by index second. `position.path` then applies inside each of them.
 */
export function payloadArguments(
  args: readonly TSESTree.CallExpressionArgument[],
  parameters: readonly Parameter[] | undefined,
  position: PayloadPosition,
): TSESTree.CallExpressionArgument[] {
  let from: number | undefined;
  let rest = false;
  if (position.param !== undefined && parameters) {
    const index = parameters.findIndex(p => p.name === position.param);
    if (index !== -1) {
      from = index;
      rest = parameters[index]?.rest ?? false;
    }
  }
  if (from === undefined && position.index !== undefined) {
    from = position.index;
    rest = position.rest ?? false;
  }
  if (from === undefined) return [];
  // Arguments before a spread cannot be lined up with parameters.
  if (args.slice(0, from).some(a => a.type === AST_NODE_TYPES.SpreadElement)) return [];
  return rest ? args.slice(from) : args.slice(from, from + 1);
}

// ---------------------------------------------------------------------------------------------------------------
// Types along a path.

/** The types found at `path` inside `type` (`'[]'` steps into array and tuple elements), through unions. */
export function typesAtPath(checker: ts.TypeChecker, type: ts.Type, path: readonly string[]): ts.Type[] {
  let current: ts.Type[] = [type];
  for (const step of path) {
    const next: ts.Type[] = [];
    for (const t of current) {
      for (const member of unionMembers(checker.getNonNullableType(t))) {
        if (member.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) continue;
        if (step === '[]') {
          if (isTypeReference(member) && (checker.isArrayType(member) || checker.isTupleType(member))) {
            next.push(...checker.getTypeArguments(member));
          } else {
            const indexed = checker.getIndexTypeOfType(member, ts.IndexKind.Number);
            if (indexed) next.push(indexed);
          }
        } else {
          const property = checker.getPropertyOfType(member, step);
          if (property) next.push(checker.getTypeOfSymbol(property));
        }
      }
    }
    current = next;
  }
  return current;
}

/** `['data', '[]', 'phase']` → `data[].phase`. */
export function formatPath(base: string, path: readonly string[]): string {
  let out = base;
  for (const step of path) out += step === '[]' ? '[]' : out === '' ? step : `.${step}`;
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// The same matching for calls seen as TypeScript nodes (inside the body of a callee that is followed, in another file).

/** The arguments of a TypeScript call that hold payload of one of `table`'s entries, by index, with the entry's id. */
export function payloadOfTsCall<T extends CallPattern & { readonly id: string; readonly payload: readonly PayloadPosition[] }>(
  program: ts.Program,
  table: IndexedTable<T>,
  call: ts.CallExpression | ts.NewExpression,
  calleeMemberNames?: ReadonlySet<string>,
): Map<number, string> {
  const checker = program.getTypeChecker();
  const callee = call.expression;
  const access = ts.isPropertyAccessExpression(callee) ? callee : undefined;
  const name = access ? access.name.text : ts.isIdentifier(callee) ? callee.text : undefined;
  // As in the rule: a member callee is typed only under a name a callee-typed entry can have (see
  // `BoundaryTables.calleeMemberNames`), or anywhere in a file importing one of `ANY_NAME_MODULES`.
  const typedCallee =
    !access ||
    calleeMemberNames === undefined ||
    (name !== undefined && calleeMemberNames.has(name)) ||
    importsAnyNameModule(call.getSourceFile());
  const calleeNames = (): readonly string[] =>
    typedCallee ? typeNames(checker, checker.getTypeAtLocation(access ? access.name : callee)) : [];
  const construct = ts.isNewExpression(call);
  const args = call.arguments ?? [];
  const count = args.length;
  // As in the rule: the arguments are lined up with the callee's declared signatures, and the call is resolved only
  // when its overloads disagree (see `argumentSelector`).
  let selector: ArgumentSelector<number> | undefined;
  const select = (pick: Selection<number>): readonly number[] => {
    if (!selector) {
      const type = checker.getNonNullableType(checker.getTypeAtLocation(callee));
      const declared = construct ? type.getConstructSignatures() : type.getCallSignatures();
      selector = argumentSelector<number>(declared, { count, spread: args.some(ts.isSpreadElement) }, () => checker.getResolvedSignature(call));
    }
    return selector(pick);
  };
  const indexes = new Map<number, string>();
  for (const entry of table.candidates(name, calleeNames)) {
    if ((entry.construct ?? false) !== construct || !entryMayMatch(program, entry)) continue;
    const names = methodNames(entry.method);
    if (entry.receiver) {
      if (!access || name === undefined || !names.includes(name)) continue;
      if (!receiverMatches(program, checker.getTypeAtLocation(access.expression), entry.receiver)) continue;
    } else if (entry.callee) {
      if (names.length > 0 && (name === undefined || !names.includes(name))) continue;
      const type = checker.getNonNullableType(checker.getTypeAtLocation(callee));
      if (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown) || !typeMatchesSpecifiers(type, [...entry.callee], program)) continue;
    } else {
      continue;
    }
    const picked = select(parameters => {
      const out: number[] = [];
      for (const position of entry.payload) {
        let from = position.param !== undefined && parameters ? parameters.findIndex(p => p.name === position.param) : -1;
        let rest = from !== -1 && (parameters?.[from]?.rest ?? false);
        if (from === -1 && position.index !== undefined) {
          from = position.index;
          rest = position.rest ?? false;
        }
        if (from === -1) continue;
        for (let i = from; i < (rest ? count : Math.min(from + 1, count)); i++) out.push(i);
      }
      return out;
    });
    for (const i of picked) if (!indexes.has(i)) indexes.set(i, entry.id);
  }
  return indexes;
}
