import * as ts from 'typescript';
import { PRIMITIVE_TYPE_FLAGS } from '../util/ts-nodes.js';

/**
 * What a replacement written into a payload must look like to keep the payload's shape and still type-check: a whole
 * payload (`queue.add(name, space)`, the value that becomes `job.data`) stays an object (`{ id: space.id }`), a
 * positional argument (`...args` of a workflow or activity, an array element) can become the id itself. Type checker
 * questions only, no AST of any rule.
 */

/**
 * Whether argument `index` of a call binds a rest parameter of the signature the call resolves to (`...args` of a
 * proxied Temporal activity, `handle.signal(def, ...args)`, `continueAsNew(...args)`): its arguments are positional
 * parameters of some function, not one payload object.
 */
export function bindsRestParameter(checker: ts.TypeChecker, call: ts.CallExpression | ts.NewExpression, index: number): boolean {
  const declaration = checker.getResolvedSignature(call)?.getDeclaration();
  if (!declaration || !('parameters' in declaration)) return false;
  const parameters = declaration.parameters;
  const parameter = parameters[Math.min(index, parameters.length - 1)];
  if (!parameter) return false;
  return parameter.dotDotDotToken !== undefined;
}

/**
 * Whether an object literal `{ [key]: value }` is assignable to `required` (undefined: anything goes). A member of a
 * union accepts it when it is `object`/`any`/`unknown`, or an object type whose other properties are all optional and
 * whose `key` property (or string index signature) takes `value`, or an empty object type. A payload declared as the
 * entity type itself accepts no such literal: nothing but the entity type-checks there, which the job-type check
 * reports at the declaration.
 */
export function objectLiteralFits(checker: ts.TypeChecker, required: ts.Type | undefined, key: string, value: ts.Type): boolean {
  if (!required) return true;
  const members = required.isUnion() ? required.types : [required];
  return members.some(member => {
    if (member.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown | ts.TypeFlags.NonPrimitive)) return true;
    if (member.flags & PRIMITIVE_TYPE_FLAGS || !(member.flags & (ts.TypeFlags.Object | ts.TypeFlags.Intersection))) return false;
    if (member.getCallSignatures().length > 0 || member.getConstructSignatures().length > 0) return false;
    const properties = checker.getPropertiesOfType(member);
    if (properties.some(p => p.name !== key && !(p.flags & ts.SymbolFlags.Optional))) return false;
    const target = checker.getPropertyOfType(member, key);
    if (target) return checker.isTypeAssignableTo(value, checker.getTypeOfSymbol(target));
    const index = checker.getIndexTypeOfType(member, ts.IndexKind.String);
    if (index) return checker.isTypeAssignableTo(value, index);
    return properties.length === 0;
  });
}
