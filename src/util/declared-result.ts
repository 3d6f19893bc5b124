import { AST_NODE_TYPES, type ParserServicesWithTypeInformation, type TSESTree } from '@typescript-eslint/utils';
import { isTypeReference } from './type-predicates.js';
import * as ts from 'typescript';

/**
 * The result type of a call as its callee declares it, for a receiver that is itself a call (`db.update(table).set()`):
 * resolving that call would check each argument against its parameter's constraint (for a Drizzle table, a
 * structural comparison with `PgTable` costing up to hundreds of milliseconds per table). Only a call without explicit
 * type arguments qualifies, whose callee has one signature, or overloads without type parameters of their own that all
 * return the same type (a chain of such calls qualifies link by link). `bind` answers a type argument of the result
 * when it is concrete, or one of the signature's type parameters that a single parameter takes naked
 * (`table: TTable`), which is then exactly the argument's type; anything else is `undefined` and the caller resolves
 * the call after all.
 */
export interface DeclaredResult {
  readonly type: ts.Type;
  bind(type: ts.Type): ts.Type | undefined;
}

export function declaredResult(services: ParserServicesWithTypeInformation, call: TSESTree.Node, depth = 0): DeclaredResult | undefined {
  if (call.type !== AST_NODE_TYPES.CallExpression || call.typeArguments || call.optional || depth > 4) return undefined;
  const checker = services.program.getTypeChecker();
  // A chain (`db.insert(t).values(v)`): the callee is a method of the inner call's declared result.
  const callee = call.callee;
  const inner =
    callee.type === AST_NODE_TYPES.MemberExpression && !callee.computed && callee.property.type === AST_NODE_TYPES.Identifier
      ? declaredResult(services, callee.object, depth + 1)
      : undefined;
  let calleeType: ts.Type;
  if (inner && callee.type === AST_NODE_TYPES.MemberExpression && callee.property.type === AST_NODE_TYPES.Identifier) {
    const method = checker.getPropertyOfType(checker.getApparentType(inner.type), callee.property.name);
    if (!method) return undefined;
    calleeType = checker.getTypeOfSymbol(method);
  } else {
    calleeType = services.getTypeAtLocation(callee);
  }
  // One signature, or overloads without type parameters of their own that all return the same type.
  const signatures = checker.getNonNullableType(calleeType).getCallSignatures();
  const [signature, ...overloads] = signatures;
  if (!signature) return undefined;
  const type = signature.getReturnType();
  if (overloads.length > 0 && !signatures.every(s => (s.getTypeParameters() ?? []).length === 0 && s.getReturnType() === type)) return undefined;
  // Synthetic signatures (from mapped or intersected types) have no declaration.
  const declaration = signature.getDeclaration() as ts.SignatureDeclaration | undefined;
  const typeParameters = signature.getTypeParameters() ?? [];
  const args = call.arguments;
  const bound = (parameter: ts.TypeParameter): ts.Type | undefined => {
    const name = parameter.getSymbol()?.name;
    if (name === undefined || !declaration || !ts.isFunctionLike(declaration)) return undefined;
    // Arguments line up with the parameters after a `this` parameter.
    const parameters = declaration.parameters.filter(p => !(ts.isIdentifier(p.name) && p.name.text === 'this'));
    const mentions = declaration.parameters.filter(p => p.type !== undefined && mentionsName(p.type, name));
    const [only] = mentions;
    if (mentions.length !== 1 || !only?.type || only.dotDotDotToken) return undefined;
    if (!ts.isTypeReferenceNode(only.type) || only.type.typeArguments || !ts.isIdentifier(only.type.typeName) || only.type.typeName.text !== name) return undefined;
    const index = parameters.indexOf(only);
    const arg = args[index];
    if (index === -1 || !arg || args.slice(0, index + 1).some(a => a.type === AST_NODE_TYPES.SpreadElement)) return undefined;
    // An object type (or an intersection of them: a Drizzle table) is inferred as it is; a literal could be widened.
    const type = services.getTypeAtLocation(arg);
    const members = type.isIntersection() ? type.types : [type];
    return members.every(m => m.flags & ts.TypeFlags.Object) ? type : undefined;
  };
  return {
    type,
    bind: t => {
      const parameter = typeParameters.find(p => p === t);
      if (parameter) return bound(parameter);
      if (t.flags & ts.TypeFlags.TypeParameter && inner) return inner.bind(t);
      return isOpen(t, 0) ? undefined : t;
    },
  };
}

function mentionsName(node: ts.Node, name: string): boolean {
  if (ts.isIdentifier(node) && node.text === name) return true;
  return ts.forEachChild(node, child => mentionsName(child, name) || undefined) === true;
}

/** Whether a type may still depend on type parameters (conservative: anything not plainly concrete is open). */
function isOpen(type: ts.Type, depth: number): boolean {
  if (depth > 3) return true;
  if (type.flags & (ts.TypeFlags.Instantiable | ts.TypeFlags.Any)) return true;
  if (type.isUnionOrIntersection()) return type.types.some(t => isOpen(t, depth + 1));
  if (!(type.flags & ts.TypeFlags.Object)) return false;
  if (isTypeReference(type)) return (type.typeArguments ?? []).some(t => isOpen(t, depth + 1));
  return !((type as ts.ObjectType).objectFlags & (ts.ObjectFlags.Class | ts.ObjectFlags.Interface));
}
