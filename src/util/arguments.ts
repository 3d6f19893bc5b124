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

/** Picks arguments (nodes, or indexes) given a signature's parameters (`undefined`: no signature is known). */
export type Selection<T = TSESTree.Node> = (parameters: readonly Parameter[] | undefined) => readonly T[];

/** Answers a `Selection` for one call. */
export type ArgumentSelector<T = TSESTree.Node> = (select: Selection<T>) => readonly T[];

/**
 * Lines up a call's arguments with parameters from the callee's declared signatures when every overload that accepts
 * this many arguments gives the same answer (almost every API has one signature, or overloads that agree where it
 * matters), and only otherwise from the signature the checker resolves. Resolving a call is the costliest question a
 * rule can ask: it checks each argument against its parameter (for ORMs and job queues, deep mapped and conditional
 * types). `args` are the call's ESTree arguments, or for a TypeScript call its argument count and whether one spreads.
 */
export function argumentSelector<T = TSESTree.Node>(
  declared: readonly ts.Signature[],
  args: readonly TSESTree.CallExpressionArgument[] | { readonly count: number; readonly spread: boolean },
  resolve: () => ts.Signature | undefined,
): ArgumentSelector<T> {
  const count = 'count' in args ? args.count : args.length;
  const spread = 'spread' in args ? args.spread : args.some(a => a.type === AST_NODE_TYPES.SpreadElement);
  const candidates = spread ? [] : declared.map(parametersOf).filter(p => acceptsArity(p, count));
  let resolved: readonly Parameter[] | null | undefined;
  return select => {
    const [first, ...others] = candidates;
    if (first) {
      const picked = select(first);
      if (others.every(other => samePicks(select(other), picked))) return picked;
    }
    if (resolved === undefined) {
      const signature = resolve();
      resolved = signature ? parametersOf(signature) : null;
    }
    return select(resolved ?? undefined);
  };
}

function samePicks<T>(a: readonly T[], b: readonly T[]): boolean {
  return a.length === b.length && a.every((node, index) => node === b[index]);
}
