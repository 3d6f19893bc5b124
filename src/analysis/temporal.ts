import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import * as ts from 'typescript';
import { skipTypeWrappers } from '../util/ast.js';

/**
 * Temporal's definitions seen from their declarations: the workflow functions a workflows module exports, and what an
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
