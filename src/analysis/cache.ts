import type * as ts from 'typescript';

/**
 * The per-parameter verdict cache of one analysis, for one configuration (`policy`, built once per rule options) and
 * one program: `store` is the analysis's module-level `WeakMap`, so nothing outlives the policy or the program.
 */
export function parameterCache<Policy extends object, Verdict>(
  store: WeakMap<Policy, WeakMap<ts.Program, WeakMap<ts.ParameterDeclaration, Verdict>>>,
  policy: Policy,
  program: ts.Program,
): WeakMap<ts.ParameterDeclaration, Verdict> {
  let byProgram = store.get(policy);
  if (!byProgram) {
    byProgram = new WeakMap();
    store.set(policy, byProgram);
  }
  let byParameter = byProgram.get(program);
  if (!byParameter) {
    byParameter = new WeakMap();
    byProgram.set(program, byParameter);
  }
  return byParameter;
}

/**
 * A per-program, per-variant cache of one analysis over declarations (`variant`: a depth, a role), computed with a
 * recursion guard: while `compute` runs for a node, asking for that node again answers `guard`.
 */
export function cachedPerDeclaration<Key, Verdict>(
  store: WeakMap<ts.Program, Map<Key, WeakMap<ts.Node, Verdict>>>,
  program: ts.Program,
  variant: Key,
  node: ts.Node,
  guard: Verdict,
  compute: () => Verdict,
): Verdict {
  let byVariant = store.get(program);
  if (!byVariant) {
    byVariant = new Map();
    store.set(program, byVariant);
  }
  let cache = byVariant.get(variant);
  if (!cache) {
    cache = new WeakMap();
    byVariant.set(variant, cache);
  }
  const cached = cache.get(node);
  if (cached !== undefined) return cached;
  cache.set(node, guard);
  const result = compute();
  cache.set(node, result);
  return result;
}
