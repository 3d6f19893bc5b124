import { ASTUtils, AST_NODE_TYPES, type ParserServicesWithTypeInformation, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { memberName, skipTypeWrappers } from '../util/ast.js';
import { packageOfFile, resolveAlias } from '../util/ts-nodes.js';

/**
 * Instances that were built and never saved (`new Entity()`, Sequelize `Model.build(...)`): there is no row behind
 * them for later work to reload, so what must cross a boundary is their data, serialised explicitly. Scope analysis
 * first; the checker only to tell Sequelize's `build` from another method of that name and to find `toJSON`.
 */

/** `new Entity(...)` or Sequelize's `Model.build(...)`: an instance with no row behind it yet. */
export function isConstruction(services: ParserServicesWithTypeInformation, node: TSESTree.Node): boolean {
  const inner = skipTypeWrappers(node);
  if (inner.type === AST_NODE_TYPES.NewExpression) return true;
  if (inner.type !== AST_NODE_TYPES.CallExpression || inner.callee.type !== AST_NODE_TYPES.MemberExpression) return false;
  if (memberName(inner.callee) !== 'build' || inner.callee.property.type !== AST_NODE_TYPES.Identifier) return false;
  // sequelize/lib/model.d.ts `Model.build`: builds an instance without saving it.
  const checker = services.program.getTypeChecker();
  const symbol = checker.getSymbolAtLocation(services.esTreeNodeToTSNodeMap.get(inner.callee.property));
  const declaration = (symbol && resolveAlias(checker, symbol))?.declarations?.[0];
  return declaration !== undefined && packageOfFile(declaration.getSourceFile().fileName) === 'sequelize';
}

/**
 * Whether the entity at `leaf` was built and never saved: a construction written there, or a `const` of this file
 * initialised with one that is never handed to anything else or asked to do anything (`repo.save(x)`,
 * `em.persist(x)`, `x.save()` would give it a row).
 */
export function isUnsaved(sourceCode: Readonly<TSESLint.SourceCode>, services: ParserServicesWithTypeInformation, leaf: TSESTree.Node): boolean {
  if (isConstruction(services, leaf)) return true;
  if (leaf.type !== AST_NODE_TYPES.Identifier) return false;
  const variable = ASTUtils.findVariable(sourceCode.getScope(leaf), leaf);
  const def = variable?.defs[0];
  if (variable?.defs.length !== 1 || def?.node.type !== AST_NODE_TYPES.VariableDeclarator || def.parent?.type !== AST_NODE_TYPES.VariableDeclaration) return false;
  if (def.parent.kind !== 'const' || !def.node.init || !isConstruction(services, def.node.init)) return false;
  return variable.references.every(reference => {
    const identifier = reference.identifier;
    if (identifier === leaf || reference.init) return true;
    const parent = identifier.parent;
    if (parent.type === AST_NODE_TYPES.MemberExpression && parent.object === identifier) {
      return !(parent.parent.type === AST_NODE_TYPES.CallExpression && parent.parent.callee === parent);
    }
    return !(parent.type === AST_NODE_TYPES.CallExpression || parent.type === AST_NODE_TYPES.NewExpression);
  });
}

/** `x.toJSON()` for a call argument whose type has one (Sequelize models, MikroORM's BaseEntity). */
export function toJsonReplacement(sourceCode: Readonly<TSESLint.SourceCode>, services: ParserServicesWithTypeInformation, leaf: TSESTree.Node): string | undefined {
  const parent = leaf.parent;
  const isArgument = (parent?.type === AST_NODE_TYPES.CallExpression || parent?.type === AST_NODE_TYPES.NewExpression) && parent.arguments.some(a => a === leaf);
  if (!isArgument) return undefined;
  const checker = services.program.getTypeChecker();
  const toJSON = checker.getNonNullableType(services.getTypeAtLocation(leaf)).getProperty('toJSON');
  if (!toJSON || checker.getTypeOfSymbol(toJSON).getCallSignatures().length === 0) return undefined;
  const simple = leaf.type === AST_NODE_TYPES.Identifier || leaf.type === AST_NODE_TYPES.MemberExpression || leaf.type === AST_NODE_TYPES.CallExpression;
  return `${simple ? sourceCode.getText(leaf) : `(${sourceCode.getText(leaf)})`}.toJSON()`;
}
