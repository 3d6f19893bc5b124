import type { ClassOrmSpec } from './class-orm.js';

/**
 * TypeORM (data mapper and active record). `@UpdateDateColumn` is set by `save()`, by repository/manager
 * `update()` and the update query builder, and by `upsert()`; entity listeners (`@BeforeUpdate`) run on `save()` only.
 */
export const typeorm: ClassOrmSpec = {
  id: 'typeorm',
  packages: new Set(['typeorm']),
  entityDecorators: new Set(['Entity', 'ChildEntity']),
  baseClasses: new Set(['BaseEntity']),
  nonColumnDecorators: new Set(['RelationId', 'RelationCount', 'VirtualColumn', 'Index', 'Unique', 'Check', 'Exclusion']),
  primaryKeyDecorators: new Set(['PrimaryColumn', 'PrimaryGeneratedColumn', 'ObjectIdColumn']),
  updateHookDecorators: new Set(['BeforeUpdate']),
  staticHooks: false,
  maintenance(member) {
    if (member.role === 'timestamp' && member.decorators.some(d => d.name === 'UpdateDateColumn')) {
      return { paths: ['tracked', 'update', 'upsert'], by: '@UpdateDateColumn' };
    }
    return undefined;
  },
};
