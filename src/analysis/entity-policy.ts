import * as ts from 'typescript';
import type { EntityModel } from '../orm/entity-model.js';
import { ANY_NAME_MODULES, payloadCallNames, payloadOfTsCall, type BoundaryTables } from '../orm/boundary-matcher.js';
import type { RetentionPolicy } from './retention.js';
import type { WrapperPolicy } from './wrappers.js';
import { PRIMITIVE_TYPE_FLAGS } from '../util/ts-nodes.js';
import { entry } from './cache.js';

const policies = new WeakMap<EntityModel, WeakMap<BoundaryTables, RetentionPolicy>>();

/**
 * The retention policy for ORM entities under one rule configuration: a value carries an entity when its type holds
 * one (`entitiesIn`); reading the primary key is always harmless; the configured boundaries' payload arguments keep
 * what they are given. One object per entity model and boundary tables, so the analyses' caches are shared by every
 * file of a run.
 */
export function entityRetentionPolicy(model: EntityModel, tables: BoundaryTables): RetentionPolicy {
  const byTables = entry(policies, model, () => new WeakMap());
  let policy = byTables.get(tables);
  if (!policy) {
    const { program } = model;
    const checker = program.getTypeChecker();
    policy = {
      carries: type => !(type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) && model.entitiesIn(type).length > 0,
      readsKey: (object, name) => {
        const entity = model.entityOfType(checker.getNonNullableType(checker.getTypeAtLocation(object)));
        return entity?.primaryKey === name;
      },
      isBoundaryArgument: (call, index) => boundaryOfArgument(program, tables, call, index) !== undefined,
    };
    byTables.set(tables, policy);
  }
  return policy;
}

function boundaryOfArgument(program: ts.Program, tables: BoundaryTables, call: ts.CallExpression | ts.NewExpression, index: number): string | undefined {
  const payload = payloadOfTsCall(program, tables.payload, call, tables.calleeMemberNames);
  return index === -1 ? payload.values().next().value : payload.get(index);
}

const wrapperPolicies = new WeakMap<ts.Program, WeakMap<BoundaryTables, WrapperPolicy>>();

/**
 * The policy for finding project wrappers around the configured boundaries: any value that can be an object carries
 * what a caller hands over (a wrapper's parameter is usually generic, `data: Data`); `p.id` or a string does not.
 */
export function wrapperPolicy(program: ts.Program, tables: BoundaryTables): WrapperPolicy {
  const byTables = entry(wrapperPolicies, program, () => new WeakMap());
  let policy = byTables.get(tables);
  if (!policy) {
    policy = {
      carries: type => {
        const members = type.isUnion() ? type.types : [type];
        return members.some(t => !(t.flags & (PRIMITIVE_TYPE_FLAGS | ts.TypeFlags.Any | ts.TypeFlags.Unknown)) && t.getCallSignatures().length === 0);
      },
      boundaryOfArgument: (call, index) => boundaryOfArgument(program, tables, call, index),
      boundaryNames: payloadCallNames(program, tables),
      anyNameModules: ANY_NAME_MODULES,
      configuration: tables,
    };
    byTables.set(tables, policy);
  }
  return policy;
}
