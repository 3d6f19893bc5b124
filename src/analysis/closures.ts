import { ASTUtils, AST_NODE_TYPES, TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { skipTypeWrappers } from '../util/ast.js';
import { isInlineFunction, type InlineFunction } from '../util/async-flow.js';

/** A function whose captures can be read like an inline callback's: a function expression or a declaration. */
export type Closure = InlineFunction | TSESTree.FunctionDeclaration;

/**
 * The function written in this file that `node` names, so a named callback or callee (`setTimeout(notify, 10)`,
 * `void notify()`) is read like an inline one: an identifier that resolves (scope analysis, no types) to a `const`
 * initialised with an arrow or function expression, or to a function declaration with a body. Anything else (a
 * parameter, a `let` that may be reassigned, an import, an overloaded declaration) is no known closure.
 */
export function namedClosure(sourceCode: Readonly<TSESLint.SourceCode>, node: TSESTree.Node): Closure | undefined {
  const inner = skipTypeWrappers(node);
  if (inner.type !== AST_NODE_TYPES.Identifier) return undefined;
  const variable = ASTUtils.findVariable(sourceCode.getScope(inner), inner);
  const [def] = variable?.defs ?? [];
  if (!def || variable?.defs.length !== 1) return undefined;
  if (def.type === TSESLint.Scope.DefinitionType.FunctionName) return def.node.body ? def.node : undefined;
  if (def.type !== TSESLint.Scope.DefinitionType.Variable) return undefined;
  if (def.parent.kind !== 'const' || def.node.id.type !== AST_NODE_TYPES.Identifier || !def.node.init) return undefined;
  const init = skipTypeWrappers(def.node.init);
  return isInlineFunction(init) ? init : undefined;
}
