import * as ts from 'typescript';
import { objectProperty, optionsObject } from '../util/ts-nodes.js';
import type { ClassOrmSpec } from './class-orm.js';

function stringOption(options: ts.ObjectLiteralExpression | undefined, key: string): string | undefined {
  const value = objectProperty(options, key);
  return value && ts.isStringLiteral(value) ? value.text : undefined;
}

/**
 * TypeORM (data mapper and active record). `@UpdateDateColumn` is set by `save()` (`SubjectExecutor`
 * `executeUpdateOperations` sets it on the partial entity it updates), by repository/manager `update()` and the
 * update query builder (`UpdateQueryBuilder.createUpdateExpression` adds `updateDateColumn = CURRENT_TIMESTAMP`),
 * and by `upsert()` (`InsertQueryBuilder.createInsertExpression` adds every `isUpdateDate` column to
 * `DO UPDATE SET`, except on the SQLite family and SAP); entity listeners (`@BeforeUpdate`) run on `save()` only.
 * Relations: `@ManyToOne` and a `@OneToOne` with `@JoinColumn` hold the foreign key in this row (`RelationMetadata
 * .isOwning`); `@OneToMany`, `@ManyToMany` (join table) and an inverse `@OneToOne` write no column of it.
 */
export const typeorm: ClassOrmSpec = {
  id: 'typeorm',
  packages: new Set(['typeorm']),
  entityDecorators: new Set(['Entity', 'ChildEntity']),
  baseClasses: new Set(['BaseEntity']),
  nonColumnDecorators: new Set(['RelationId', 'RelationCount', 'VirtualColumn', 'Index', 'Unique', 'Check', 'Exclusion']),
  primaryKeyDecorators: new Set(['PrimaryColumn', 'PrimaryGeneratedColumn', 'ObjectIdColumn']),
  serializedPrimaryKeyDecorators: new Set(),
  updateHookDecorators: new Set(['BeforeUpdate']),
  staticHooks: false,
  maintenance(member) {
    if (member.role === 'timestamp' && member.decorators.some(d => d.name === 'UpdateDateColumn')) {
      return { paths: ['tracked', 'update', 'upsert'], by: '@UpdateDateColumn' };
    }
    return undefined;
  },
  relation(decorators) {
    const relation = decorators.find(d => ['ManyToOne', 'OneToOne', 'OneToMany', 'ManyToMany'].includes(d.name));
    if (!relation) return undefined;
    const join = optionsObject(decorators.find(d => d.name === 'JoinColumn')?.args ?? []);
    const owning = relation.name === 'ManyToOne' || (relation.name === 'OneToOne' && decorators.some(d => d.name === 'JoinColumn'));
    return {
      kind: owning ? 'owning' : 'inverse',
      target: relation.args[0],
      joinColumn: stringOption(join, 'name'),
      referencedColumn: stringOption(join, 'referencedColumnName'),
    };
  },
  foreignKeyTarget: () => undefined,
};
