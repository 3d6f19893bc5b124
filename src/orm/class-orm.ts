import type * as ts from 'typescript';
import type { DecoratorUse } from '../util/ts-nodes.js';
import type { AuditRole, OrmId, WritePath } from './types.js';

/** What the entity model knows about one audit-field candidate property of a class entity. */
export interface MemberFacts {
  readonly name: string;
  readonly role: AuditRole;
  /** Decorators from the ORM's own packages on the property. */
  readonly decorators: readonly DecoratorUse[];
}

export interface ClassFacts {
  /** Options object of the entity decorator (`@Table({ timestamps: false })`) or of `Model.init(attrs, options)`. */
  readonly entityOptions: ts.ObjectLiteralExpression | undefined;
}

export interface OrmMaintenance {
  readonly paths: readonly WritePath[];
  /** Shown to users: what fills the field (`@UpdateDateColumn`). */
  readonly by: string;
}

/** A decorator/active-record ORM described as data: the entity model reads it, rules never do. */
export interface ClassOrmSpec {
  readonly id: OrmId;
  /** Packages whose decorators and base classes belong to this ORM. */
  readonly packages: ReadonlySet<string>;
  /** Class decorators that make a class an entity. */
  readonly entityDecorators: ReadonlySet<string>;
  /** Base classes (declared in `packages`) whose subclasses are entities. */
  readonly baseClasses: ReadonlySet<string>;
  /** Property decorators of the ORM that do not make a persisted column. */
  readonly nonColumnDecorators: ReadonlySet<string>;
  readonly primaryKeyDecorators: ReadonlySet<string>;
  /** Method decorators of lifecycle hooks that run before an update of a tracked entity. */
  readonly updateHookDecorators: ReadonlySet<string>;
  /** Whether hook methods are static and receive the instance as first parameter (sequelize-typescript). */
  readonly staticHooks: boolean;
  /** Where the ORM itself fills an audit field, from the property's decorators and the class options. */
  maintenance(member: MemberFacts, cls: ClassFacts): OrmMaintenance | undefined;
}
