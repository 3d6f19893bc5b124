import type * as ts from 'typescript';

/** The value `store` holds under `key`, made and stored by `make` the first time it is asked for. */
export function entry<Key extends object, Value>(store: WeakMap<Key, Value>, key: Key, make: () => NoInfer<Value>): Value;
export function entry<Key, Value>(store: Map<Key, Value>, key: Key, make: () => NoInfer<Value>): Value;
export function entry<Key extends object, Value>(store: Map<Key, Value> | WeakMap<Key, Value>, key: Key, make: () => NoInfer<Value>): Value {
  let value = store.get(key);
  if (value === undefined) {
    value = make();
    store.set(key, value);
  }
  return value;
}

/**
 * The per-parameter verdict cache of one analysis, for one configuration (`policy`, built once per rule options) and
 * one program: `store` is the analysis's module-level `WeakMap`, so nothing outlives the policy or the program.
 */
export function parameterCache<Policy extends object, Verdict>(
  store: WeakMap<Policy, WeakMap<ts.Program, WeakMap<ts.ParameterDeclaration, Verdict>>>,
  policy: Policy,
  program: ts.Program,
): WeakMap<ts.ParameterDeclaration, Verdict> {
  return entry(entry(store, policy, () => new WeakMap()), program, () => new WeakMap());
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
  const cache = entry(entry(store, program, () => new Map()), variant, () => new WeakMap());
  const cached = cache.get(node);
  if (cached !== undefined) return cached;
  cache.set(node, guard);
  const result = compute();
  cache.set(node, result);
  return result;
}
