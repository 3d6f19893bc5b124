/**
 * Type predicates the rules need that TypeScript's API does not offer. Written here, not imported from ts-api-utils:
 * that package is a dependency of typescript-eslint's, not of this plugin, and a strict package manager (pnpm) does not
 * let a package import what it does not declare.
 */
import * as ts from 'typescript';

/** A reference to a generic class or interface, or a tuple (`Array<T>`, `Repository<E>`): it has type arguments. */
export function isTypeReference(type: ts.Type): type is ts.TypeReference {
  return (type.flags & ts.TypeFlags.Object) !== 0 && ((type as ts.ObjectType).objectFlags & ts.ObjectFlags.Reference) !== 0;
}

/** The members of a union, or the type itself. */
export function unionMembers(type: ts.Type): readonly ts.Type[] {
  return type.isUnion() ? type.types : [type];
}

/**
 * Whether a type is thenable: a member of (the apparent type of) it has a `then` method whose first parameter takes
 * a function, as `await` and `Promise.resolve` require (`PromiseLike`, a query builder with `then`, not `{ then: 1 }`).
 */
export function isThenableType(checker: ts.TypeChecker, node: ts.Node, type: ts.Type): boolean {
  for (const member of unionMembers(checker.getApparentType(type))) {
    const then = member.getProperty('then');
    if (!then) continue;
    for (const thenMember of unionMembers(checker.getTypeOfSymbolAtLocation(then, node))) {
      for (const signature of thenMember.getCallSignatures()) {
        const [first] = signature.parameters;
        if (first && takesFunction(checker, first, node)) return true;
      }
    }
  }
  return false;
}

function takesFunction(checker: ts.TypeChecker, parameter: ts.Symbol, node: ts.Node): boolean {
  let type: ts.Type | undefined = checker.getApparentType(checker.getTypeOfSymbolAtLocation(parameter, node));
  const declaration = parameter.valueDeclaration;
  if (declaration && ts.isParameter(declaration) && declaration.dotDotDotToken) type = type.getNumberIndexType();
  return type !== undefined && unionMembers(type).some(member => member.getCallSignatures().length > 0);
}
