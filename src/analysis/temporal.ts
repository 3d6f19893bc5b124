import { AST_NODE_TYPES, type ParserServicesWithTypeInformation, type TSESTree } from '@typescript-eslint/utils';
import * as ts from 'typescript';
import { skipTypeWrappers } from '../util/ast.js';
import { packageOfFile, resolveAlias } from '../util/ts-nodes.js';
import { callName, fileCalls, importedModules } from './call-names.js';
import { isInProgramSources, skipExpressionWrappers, type FunctionWithBody } from './callees.js';

/**
 * Temporal's definitions seen from their declarations: the workflow functions a workflows module exports, the
 * workflows and activities the program hands to Temporal by reference (found once per program), and what an
 * activity's call resolves to (its result is serialised into the workflow history). Syntax first; the checker only
 * for the types of what was found.
 */

export type WorkflowFunction = TSESTree.FunctionDeclaration | TSESTree.ArrowFunctionExpression | TSESTree.FunctionExpression;

/**
 * The functions a module exports, by their exported name: `export [async] function wf(...)`, `export const wf =
 * async (...) => ...` (or a function expression) and `export default function ...`. In a file that imports
 * `@temporalio/workflow` these are its workflow functions: the worker registers every function export of the
 * workflows module as a workflow type.
 */
export function exportedFunctions(program: TSESTree.Program): { name: string; fn: WorkflowFunction }[] {
  const out: { name: string; fn: WorkflowFunction }[] = [];
  /** Top-level functions by name, for `export { review }` and `export { review as reviewV2 }`. */
  const local = new Map<string, WorkflowFunction>();
  const specifiers: TSESTree.ExportSpecifier[] = [];
  for (const statement of program.body) {
    const declaration = statement.type === AST_NODE_TYPES.ExportNamedDeclaration ? statement.declaration : statement;
    if (declaration?.type === AST_NODE_TYPES.FunctionDeclaration && declaration.id) local.set(declaration.id.name, declaration);
    if (declaration?.type === AST_NODE_TYPES.VariableDeclaration && declaration.kind === 'const') {
      for (const declarator of declaration.declarations) {
        const init = declarator.init && skipTypeWrappers(declarator.init);
        if (declarator.id.type === AST_NODE_TYPES.Identifier && (init?.type === AST_NODE_TYPES.ArrowFunctionExpression || init?.type === AST_NODE_TYPES.FunctionExpression)) {
          local.set(declarator.id.name, init);
        }
      }
    }
    if (statement.type === AST_NODE_TYPES.ExportNamedDeclaration && !statement.declaration && !statement.source && statement.exportKind === 'value') {
      specifiers.push(...statement.specifiers);
    }
  }
  for (const specifier of specifiers) {
    const fn = specifier.local.type === AST_NODE_TYPES.Identifier ? local.get(specifier.local.name) : undefined;
    const exported = specifier.exported.type === AST_NODE_TYPES.Identifier ? specifier.exported.name : specifier.exported.value;
    if (fn) out.push({ name: exported, fn });
  }
  for (const statement of program.body) {
    if (statement.type === AST_NODE_TYPES.ExportDefaultDeclaration) {
      const declaration = statement.declaration;
      if (declaration.type === AST_NODE_TYPES.FunctionDeclaration || declaration.type === AST_NODE_TYPES.ArrowFunctionExpression || declaration.type === AST_NODE_TYPES.FunctionExpression) {
        out.push({ name: declaration.type === AST_NODE_TYPES.FunctionDeclaration && declaration.id ? declaration.id.name : 'default', fn: declaration });
      }
      continue;
    }
    if (statement.type !== AST_NODE_TYPES.ExportNamedDeclaration || !statement.declaration) continue;
    const declaration = statement.declaration;
    if (declaration.type === AST_NODE_TYPES.FunctionDeclaration && declaration.id) {
      out.push({ name: declaration.id.name, fn: declaration });
    } else if (declaration.type === AST_NODE_TYPES.VariableDeclaration) {
      for (const declarator of declaration.declarations) {
        const init = declarator.init && skipTypeWrappers(declarator.init);
        if (declarator.id.type !== AST_NODE_TYPES.Identifier || !init) continue;
        if (init.type === AST_NODE_TYPES.ArrowFunctionExpression || init.type === AST_NODE_TYPES.FunctionExpression) out.push({ name: declarator.id.name, fn: init });
      }
    }
  }
  return out;
}

/** What calling a function of `type` gives, awaited (`Promise<Phase>` → `Phase`): one type per call signature. */
export function awaitedResults(checker: ts.TypeChecker, type: ts.Type): ts.Type[] {
  return checker
    .getNonNullableType(type)
    .getCallSignatures()
    .map(signature => {
      const result = signature.getReturnType();
      return checker.getAwaitedType(result) ?? result;
    });
}

// --- Definitions the program hands to Temporal ------------------------------------------------------------------

/**
 * Which signature site (the `temporal.*` ids of `DEFAULT_SIGNATURES`) recognised a definition: `temporal.workflow.start`
 * for a function passed to `client.workflow.start`/`execute`/`signalWithStart`, `temporal.startChild` for
 * `startChild`/`executeChild`, `temporal.proxyActivities` for the functions of the type given to
 * `proxyActivities`/`proxyLocalActivities`.
 */
type SiteId = 'temporal.workflow.start' | 'temporal.startChild' | 'temporal.proxyActivities';

interface Definition {
  /** The name Temporal knows it by: the activity's property name, the workflow function's declared name. */
  readonly name: string;
  readonly sites: Set<SiteId>;
}

interface TemporalIndex {
  readonly workflows: Map<FunctionWithBody, Definition>;
  readonly activities: Map<FunctionWithBody, Definition>;
}

/** The calls a scan types, by name; each also has a syntactic shape to pass (see `mayDefine`). */
const STARTS = new Set(['start', 'execute', 'signalWithStart']);
const CHILDREN = new Set(['startChild', 'executeChild']);
const PROXIES = new Set(['proxyActivities', 'proxyLocalActivities']);

/** Whether a call can name a definition, by syntax: a function reference as first argument, or a type argument. */
function mayDefine(call: ts.CallExpression | ts.NewExpression): boolean {
  if (!ts.isCallExpression(call)) return false;
  const name = callName(call);
  if (name === undefined) return false;
  if (PROXIES.has(name)) return (call.typeArguments?.length ?? 0) > 0;
  if (!STARTS.has(name) && !CHILDREN.has(name)) return false;
  if (STARTS.has(name) && !ts.isPropertyAccessExpression(skipExpressionWrappers(call.expression))) return false;
  if ((call.typeArguments?.length ?? 0) > 0) return true;
  // A workflow without parameters can be started without options; one with parameters needs `{ args }`.
  const [first] = call.arguments;
  if (!first || call.arguments.length < 2) return false;
  const reference = skipExpressionWrappers(first);
  return ts.isIdentifier(reference) || ts.isPropertyAccessExpression(reference);
}

/** The names above as words of a file's text: a test before any walk. */
const CANDIDATE_TEXT = /\b(?:start|execute|signalWithStart|startChild|executeChild|proxyActivities|proxyLocalActivities)\b/u;

const candidatesByFile = new WeakMap<ts.SourceFile, readonly ts.CallExpression[]>();

/**
 * A file's calls that may hand Temporal a definition (syntax only, from its `fileCalls` summary, which other analyses
 * share; a file whose text names none of the calls is not walked at all). Cached per file.
 */
function candidateCalls(file: ts.SourceFile): readonly ts.CallExpression[] {
  const cached = candidatesByFile.get(file);
  if (cached) return cached;
  const found = new Set<ts.CallExpression>();
  if (CANDIDATE_TEXT.test(file.text)) {
    const summary = fileCalls(file);
    const consider = (call: ts.CallExpression | ts.NewExpression): void => {
      if (ts.isCallExpression(call) && !found.has(call) && mayDefine(call)) found.add(call);
    };
    summary.topLevelCalls.forEach(consider);
    for (const fn of summary.functions) fn.callNodes.forEach(consider);
  }
  const candidates = [...found];
  candidatesByFile.set(file, candidates);
  return candidates;
}

/** The package declaring what a call calls (`@temporalio/client` for `WorkflowClient.start`), from its symbol. */
function calleePackage(checker: ts.TypeChecker, call: ts.CallExpression): string | undefined {
  const callee = skipExpressionWrappers(call.expression);
  const nameNode = ts.isPropertyAccessExpression(callee) ? callee.name : callee;
  const symbol = checker.getSymbolAtLocation(nameNode);
  const declaration = symbol && resolveAlias(checker, symbol).declarations?.[0];
  return declaration && packageOfFile(declaration.getSourceFile().fileName);
}

/** The functions with a body in the program's own sources that a value of `type` calls (an optional one's too). */
function functionsOf(program: ts.Program, type: ts.Type): FunctionWithBody[] {
  const symbol = program.getTypeChecker().getNonNullableType(type).getSymbol();
  return (symbol?.declarations ?? []).filter(
    (declaration): declaration is FunctionWithBody =>
      ts.isFunctionLike(declaration) && 'body' in declaration && declaration.body !== undefined && isInProgramSources(program, declaration),
  );
}

/** The name a function is declared under: its own, or that of the variable or property holding it. */
function declarationName(fn: FunctionWithBody): ts.Node | undefined {
  if ((ts.isFunctionDeclaration(fn) || ts.isMethodDeclaration(fn) || ts.isFunctionExpression(fn)) && fn.name) return fn.name;
  let holder: ts.Node = fn.parent;
  while (ts.isParenthesizedExpression(holder) || ts.isAsExpression(holder) || ts.isSatisfiesExpression(holder)) holder = holder.parent;
  if (ts.isVariableDeclaration(holder) || ts.isPropertyAssignment(holder) || ts.isPropertyDeclaration(holder)) return holder.name;
  return undefined;
}

function importsTemporal(file: ts.SourceFile): boolean {
  for (const specifier of importedModules(file)) if (specifier.startsWith('@temporalio/')) return true;
  return false;
}

const indexes = new WeakMap<ts.Program, TemporalIndex | null>();

/**
 * The workflow functions and activities the program hands to Temporal by reference, found once per program: a
 * syntactic pass over the `fileCalls` summaries (only in a program one of whose files imports `@temporalio/*`), then
 * the checker for the few calls by the names above, kept when the callee is declared in `@temporalio/client`
 * (`WorkflowClient.start`/`execute`/`signalWithStart`) or `@temporalio/workflow` (`startChild`, `executeChild`,
 * `proxyActivities`, `proxyLocalActivities`).
 */
function temporalIndex(program: ts.Program): TemporalIndex | null {
  const cached = indexes.get(program);
  if (cached !== undefined) return cached;
  const files = program.getSourceFiles().filter(file => !file.isDeclarationFile && !program.isSourceFileFromExternalLibrary(file));
  let index: TemporalIndex | null = null;
  if (files.some(importsTemporal)) {
    const checker = program.getTypeChecker();
    const found: TemporalIndex = { workflows: new Map(), activities: new Map() };
    const add = (map: Map<FunctionWithBody, Definition>, fn: FunctionWithBody, name: string, site: SiteId): void => {
      const definition = map.get(fn);
      if (definition) definition.sites.add(site);
      else map.set(fn, { name, sites: new Set([site]) });
    };
    for (const file of files) {
      for (const call of candidateCalls(file)) {
        const name = callName(call) ?? '';
        const pkg = calleePackage(checker, call);
        const [typeArgument] = call.typeArguments ?? [];
        if (PROXIES.has(name)) {
          if (pkg !== '@temporalio/workflow' || !typeArgument) continue;
          const activities = checker.getTypeFromTypeNode(typeArgument);
          for (const property of checker.getNonNullableType(activities).getProperties()) {
            for (const fn of functionsOf(program, checker.getTypeOfSymbol(property))) add(found.activities, fn, property.name, 'temporal.proxyActivities');
          }
          continue;
        }
        const site = STARTS.has(name) && pkg === '@temporalio/client' ? 'temporal.workflow.start' : CHILDREN.has(name) && pkg === '@temporalio/workflow' ? 'temporal.startChild' : undefined;
        if (!site) continue;
        const [first] = call.arguments;
        const workflow = typeArgument ? checker.getTypeFromTypeNode(typeArgument) : first && checker.getTypeAtLocation(first);
        if (!workflow) continue;
        for (const fn of functionsOf(program, workflow)) add(found.workflows, fn, declarationName(fn)?.getText() ?? 'default', site);
      }
    }
    if (found.workflows.size > 0 || found.activities.size > 0) index = found;
  }
  indexes.set(program, index);
  return index;
}

function enabledIn(definition: Definition, disabled: readonly string[]): boolean {
  return [...definition.sites].some(site => !disabled.includes(site));
}

/**
 * Whether a definition of `type` (a workflow function or an activity) is reported at its declaration, which is in the
 * program's own sources and handed to Temporal by a call the index found: a use (`proxyActivities<typeof acts>()`,
 * `client.workflow.start(review, ...)`) then leaves it alone, so each declaration is reported once.
 */
export function reportedAtDeclaration(program: ts.Program, type: ts.Type, disabled: readonly string[]): boolean {
  const index = temporalIndex(program);
  if (!index) return false;
  return functionsOf(program, type).some(fn => {
    const definition = index.workflows.get(fn) ?? index.activities.get(fn);
    return definition !== undefined && enabledIn(definition, disabled);
  });
}

export interface DeclaredActivity {
  /** The activity's name as workflows call it. */
  readonly name: string;
  readonly fn: WorkflowFunction;
  /** The function's type (its awaited results are what the workflow gets back). */
  readonly type: ts.Type;
  /** Where a result is reported: the return type annotation, else the declared name, else the function. */
  readonly at: TSESTree.Node;
}

export interface TemporalDeclarations {
  /** Workflow functions: the function exports of a workflows module, and the functions started by reference. */
  readonly workflows: readonly { name: string; fn: WorkflowFunction }[];
  /** Activities declared in this file: functions of a type given to `proxyActivities` somewhere in the program. */
  readonly activities: readonly DeclaredActivity[];
}

/** The ESTree function of a TypeScript function node of the linted file (a method's value). */
function estreeFunction(services: ParserServicesWithTypeInformation, fn: FunctionWithBody): WorkflowFunction | undefined {
  const node = services.tsNodeToESTreeNodeMap.get(fn) as TSESTree.Node | undefined;
  const value = node?.type === AST_NODE_TYPES.Property || node?.type === AST_NODE_TYPES.MethodDefinition ? node.value : node;
  return value?.type === AST_NODE_TYPES.FunctionDeclaration ||
    value?.type === AST_NODE_TYPES.FunctionExpression ||
    value?.type === AST_NODE_TYPES.ArrowFunctionExpression
    ? value
    : undefined;
}

/**
 * The Temporal definitions declared in the linted file, whose parameters (and, for activities, results) are
 * serialised: in a file importing `@temporalio/workflow` (`importsWorkflow`), its function exports; anywhere, the
 * functions the program starts as workflows or proxies as activities (see `temporalIndex`). `disabled`: the rule's
 * `disableDefaults`, which turn a signature site off here too.
 */
export function temporalDeclarations(
  services: ParserServicesWithTypeInformation,
  ast: TSESTree.Program,
  importsWorkflow: boolean,
  disabled: readonly string[],
): TemporalDeclarations {
  const workflows = importsWorkflow ? exportedFunctions(ast) : [];
  const activities: DeclaredActivity[] = [];
  const index = temporalIndex(services.program);
  if (!index) return { workflows, activities };
  const file = services.esTreeNodeToTSNodeMap.get(ast);
  const inFile = (map: Map<FunctionWithBody, Definition>): [FunctionWithBody, Definition][] =>
    [...map].filter(([fn, definition]) => fn.getSourceFile() === file && enabledIn(definition, disabled));
  const seen = new Set<TSESTree.Node>(workflows.map(w => w.fn));
  for (const [fn, definition] of inFile(index.workflows)) {
    const node = estreeFunction(services, fn);
    if (node && !seen.has(node)) {
      seen.add(node);
      workflows.push({ name: definition.name, fn: node });
    }
  }
  const checker = services.program.getTypeChecker();
  for (const [fn, definition] of inFile(index.activities)) {
    const node = estreeFunction(services, fn);
    if (!node) continue;
    const name = declarationName(fn);
    const at = node.returnType?.typeAnnotation ?? (name && (services.tsNodeToESTreeNodeMap.get(name) as TSESTree.Node | undefined)) ?? node;
    activities.push({ name: definition.name, fn: node, type: checker.getTypeAtLocation(fn), at });
  }
  return { workflows, activities };
}
