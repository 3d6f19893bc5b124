import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import * as ts from 'typescript';

/** A parameter as lining up arguments needs it. */
export interface Parameter {
  readonly name: string;
  readonly rest: boolean;
  readonly optional: boolean;
}

/** The parameters of a signature (its `this` parameter excluded); a parameter without a declaration counts as optional. */
export function parametersOf(signature: ts.Signature): Parameter[] {
  return signature.getParameters().map(symbol => {
    const declaration = symbol.valueDeclaration;
    const parameter = declaration !== undefined && ts.isParameter(declaration) ? declaration : undefined;
    const rest = parameter?.dotDotDotToken !== undefined;
    return { name: symbol.name, rest, optional: parameter === undefined || rest || parameter.questionToken !== undefined || parameter.initializer !== undefined };
  });
}

function acceptsArity(parameters: readonly Parameter[], count: number): boolean {
  const required = parameters.filter(p => !p.optional).length;
  return count >= required && (count <= parameters.length || parameters.at(-1)?.rest === true);
}

/** Picks argument nodes given a signature's parameters (`undefined`: no signature is known). */
export type Selection = (parameters: readonly Parameter[] | undefined) => readonly TSESTree.Node[];

/** Answers a `Selection` for one call. */
export type ArgumentSelector = (select: Selection) => readonly TSESTree.Node[];

/**
 * Lines up a call's arguments with parameters from the callee's declared signatures when every overload that accepts
 * this many arguments gives the same answer (almost every API has one signature, or overloads that agree where it
 * matters), and only otherwise from the signature the checker resolves. Resolving a call is the costliest question a
 * rule can ask: it checks each argument against its parameter (for ORMs, deep mapped and conditional types).
 */
export function argumentSelector(
  declared: readonly ts.Signature[],
  args: readonly TSESTree.CallExpressionArgument[],
  resolve: () => ts.Signature | undefined,
): ArgumentSelector {
  const count = args.length;
  const spread = args.some(a => a.type === AST_NODE_TYPES.SpreadElement);
  const candidates = spread ? [] : declared.map(parametersOf).filter(p => acceptsArity(p, count));
  let resolved: readonly Parameter[] | null | undefined;
  return select => {
    const [first, ...others] = candidates;
    if (first) {
      const nodes = select(first);
      if (others.every(other => sameNodes(select(other), nodes))) return nodes;
    }
    if (resolved === undefined) {
      const signature = resolve();
      resolved = signature ? parametersOf(signature) : null;
    }
    return select(resolved ?? undefined);
  };
}

function sameNodes(a: readonly TSESTree.Node[], b: readonly TSESTree.Node[]): boolean {
  return a.length === b.length && a.every((node, index) => node === b[index]);
}
