import * as ts from 'typescript';
import type { EntityModel } from '../orm/entity-model.js';
import { payloadIndexesOfTsCall, type BoundaryTables } from '../orm/boundary-matcher.js';
import type { RetentionPolicy } from './retention.js';

const policies = new WeakMap<EntityModel, WeakMap<BoundaryTables, RetentionPolicy>>();

/**
 * The retention policy for ORM entities under one rule configuration: a value carries an entity when its type holds
 * one (`entitiesIn`); reading the primary key is always harmless; the configured boundaries' payload arguments keep
 * what they are given. One object per entity model and boundary tables, so the analyses' caches are shared by every
 * file of a run.
 */
export function entityRetentionPolicy(model: EntityModel, tables: BoundaryTables): RetentionPolicy {
  let byTables = policies.get(model);
  if (!byTables) {
    byTables = new WeakMap();
    policies.set(model, byTables);
  }
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
      isBoundaryArgument: (call, index) => {
        const indexes = payloadIndexesOfTsCall(program, tables.payload, call);
        return index === -1 ? indexes.length > 0 : indexes.includes(index);
      },
    };
    byTables.set(tables, policy);
  }
  return policy;
}
