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
