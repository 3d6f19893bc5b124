import { beforeAll, describe, expect, it } from 'vitest';
import { getEntityModel, type EntityInfo, type EntityModel } from '../../src/orm/entity-model.js';
import { requiredAuditFields, type WritePath } from '../../src/orm/types.js';
import { defaultSettings, parseSettings } from '../../src/util/settings.js';
import { parseFixture, type ParsedFixture } from '../typed-program.js';

let fixture: ParsedFixture;
let model: EntityModel;

beforeAll(() => {
  fixture = parseFixture('entity-model-cases.ts');
  model = getEntityModel(fixture.services, defaultSettings);
});

/** The entity the value of a top-level variable of the fixture denotes. */
function entityOf(m: EntityModel, name: string): EntityInfo | undefined {
  return m.entityOfType(fixture.services.getTypeAtLocation(fixture.variable(name)));
}

function entity(name: string): EntityInfo | undefined {
  return entityOf(model, name);
}

function summary(name: string) {
  const e = entity(name);
  if (!e) return undefined;
  const field = (f: EntityInfo['timestampField']) =>
    f && { name: f.name, valueKind: f.valueKind, maintainedOn: [...f.maintainedOn].sort() };
  return {
    orm: e.orm,
    name: e.name,
    tracked: e.tracked,
    primaryKey: e.primaryKey,
    timestamp: field(e.timestampField),
    actor: field(e.actorField),
  };
}

const savePaths: WritePath[] = ['tracked', 'update', 'upsert'];

describe('entity model: which ORM, tracked or plain, audit fields and who maintains them', () => {
  it.each([
    // name, orm, entity name, tracked, pk, timestamp (name, kind, maintained on), actor (name, kind, maintained on)
    ['workflowPhase', 'typeorm', 'WorkflowPhase', true, 'id', ['updatedAt', 'date', savePaths], ['updatedBy', 'string', []]],
    ['testCycle', 'typeorm', 'TestCycle', true, 'id', ['updatedAt', 'date', []], ['updatedById', 'number', ['tracked']]],
    ['specialPhase', 'typeorm', 'SpecialPhase', true, 'id', ['updatedAt', 'date', savePaths], ['updatedBy', 'string', []]],
    ['sample', 'mikro-orm', 'Sample', true, 'uuid', ['updatedAt', 'date', ['tracked']], ['updatedBy', 'string', []]],
    ['review', 'mikro-orm', 'Review', true, 'id', ['modifiedAt', 'date', ['tracked']], ['lastModifiedBy', 'string', ['tracked']]],
    ['batch', 'mikro-orm', 'Batch', true, 'id', ['updatedAt', 'date', ['tracked']], ['updatedBy', 'string', []]],
    ['lot', 'mikro-orm', 'Lot', true, 'id', ['updatedAt', 'date', []], ['updatedBy', 'string', []]],
    ['report', 'sequelize', 'Report', true, 'id', ['updatedAt', 'date', savePaths], ['updatedBy', 'string', []]],
    ['reportAttribute', 'sequelize', 'ReportAttribute', true, 'id', ['updatedAt', 'date', []], ['updatedBy', 'string', ['tracked']]],
    ['owner', 'sequelize', 'Owner', true, 'id', ['updatedAt', 'date', savePaths], ['updatedBy', 'string', []]],
    ['prismaPhase', 'prisma', 'Phase', false, 'id', ['updatedAt', 'date', ['update', 'upsert']], ['updatedBy', 'string', []]],
    ['localPhase', 'prisma', 'Phase', false, 'id', ['updatedAt', 'date', ['update', 'upsert']], ['updatedBy', 'string', []]],
    ['prismaFound', 'prisma', 'Phase', false, 'id', ['updatedAt', 'date', ['update', 'upsert']], ['updatedBy', 'string', []]],
    ['prismaCycle', 'prisma', 'Cycle', false, 'id', ['modifiedAt', 'date', []], ['updatedById', 'number', []]],
    ['drizzleRow', 'drizzle', 'phases', false, 'id', ['updatedAt', 'date', ['update', 'upsert']], ['updatedBy', 'string', []]],
    ['drizzleOwner', 'drizzle', 'owners', false, 'id', ['updatedAt', 'string', []], ['updatedById', 'number', []]],
    ['kyselyRow', 'kysely', 'PhaseTable', false, 'id', ['updated_at', 'date', []], ['updated_by', 'string', []]],
  ] as const)('%s is a %s entity %s', (variable, orm, name, tracked, primaryKey, timestamp, actor) => {
    expect(summary(variable)).toEqual({
      orm,
      name,
      tracked,
      primaryKey,
      timestamp: { name: timestamp[0], valueKind: timestamp[1], maintainedOn: [...timestamp[2]].sort() },
      actor: { name: actor[0], valueKind: actor[1], maintainedOn: [...actor[2]].sort() },
    });
  });

  it("takes MikroORM's serialised primary key (`@SerializedPrimaryKey() id` next to `@PrimaryKey() _id`) as the key", () => {
    expect(entity('article')?.primaryKey).toBe('id');
    expect(entity('comment')?.primaryKey).toBe('id');
    expect(entity('revision')?.primaryKey).toBe('id');
    // The program's own decorator of the same name is not MikroORM's.
    expect(entity('draft')?.primaryKey).toBe('_id');
  });

  it('sees through aliases, null/undefined unions and MikroORM Loaded<>', () => {
    expect(entity('aliased')).toBe(entity('workflowPhase'));
    expect(entity('maybePhase')).toBe(entity('workflowPhase'));
    expect(entity('loadedSample')).toBe(entity('sample'));
  });

  it('recognises a Prisma select payload and the element of arrays and promises', () => {
    expect(entity('prismaSelected')).toMatchObject({ orm: 'prisma', name: 'Phase', timestampField: undefined });
    const deep = (name: string) => model.entityOfTypeDeep(fixture.services.getTypeAtLocation(fixture.variable(name)));
    expect(deep('phaseList')).toMatchObject({ container: 'array', entity: { name: 'WorkflowPhase' } });
    expect(deep('phasePromise')).toMatchObject({ container: 'promise', entity: { name: 'WorkflowPhase' } });
    expect(deep('prismaMany')).toMatchObject({ container: 'array', entity: { orm: 'prisma', name: 'Phase' } });
    expect(deep('drizzleSelected')).toMatchObject({ container: 'array', entity: { orm: 'drizzle', name: 'phases' } });
    expect(entity('phaseList')).toBeUndefined();
  });

  it.each(['dto', 'view', 'map', 'plain', 'partialPhase', 'anything', 'date', 'idsOnly', 'prisma', 'db', 'kdb'])(
    '%s is not an entity',
    name => {
      expect(entity(name)).toBeUndefined();
      expect(model.entitiesIn(fixture.services.getTypeAtLocation(fixture.variable(name)))).toEqual([]);
    },
  );

  it('answers which columns are persisted', () => {
    const phase = entity('workflowPhase')!;
    expect(['state', 'updatedAt', 'cycle', 'attempts'].map(p => phase.isPersisted(p))).toEqual([true, true, true, true]);
    expect(['isStarted', 'transientNote', 'nope'].map(p => phase.isPersisted(p))).toEqual([false, false, false]);
    expect(entity('sample')!.isPersisted('scratch')).toBe(false);
    expect(entity('sample')!.isPersisted('status')).toBe(true);
    const owner = entity('owner')!;
    expect([owner.isPersisted('name'), owner.isPersisted('isNewRecord')]).toEqual([true, false]);
    expect(entity('report')!.isPersisted('title')).toBe(true);
  });

  it('finds entities carried inside payload types, with their paths', () => {
    const found = model.entitiesIn(fixture.services.getTypeAtLocation(fixture.variable('payload')));
    expect(found.map(o => [o.entity.name, o.path.join('.')])).toEqual([
      ['WorkflowPhase', 'phase'],
      ['Sample', 'nested.rows.[]'],
    ]);
  });

  it('lists the fields a caller must set per write path', () => {
    const names = (variable: string, path: WritePath) => requiredAuditFields(entity(variable)!, path).map(f => f.name);
    expect(names('workflowPhase', 'tracked')).toEqual(['updatedBy']);
    expect(names('sample', 'tracked')).toEqual(['updatedBy']);
    expect(names('sample', 'native')).toEqual(['updatedAt', 'updatedBy']);
    expect(names('report', 'update')).toEqual(['updatedBy']);
    expect(names('report', 'silent')).toEqual([]);
    expect(names('prismaPhase', 'update')).toEqual(['updatedBy']);
    expect(names('drizzleRow', 'upsert')).toEqual(['updatedBy']);
    expect(names('kyselyRow', 'update')).toEqual(['updated_at', 'updated_by']);
    expect(names('testCycle', 'tracked')).toEqual(['updatedAt']);
    expect(names('testCycle', 'update')).toEqual(['updatedAt', 'updatedById']);
  });

  it('discovers the models declared in the program once', () => {
    const discovered = model.discoverModels();
    expect(discovered).toBe(model.discoverModels());
    const byName = new Map(discovered.map(m => [m.name, m]));
    for (const name of ['WorkflowPhase', 'TestCycle', 'Sample', 'Review', 'Report', 'Owner', 'Batch', 'Lot', 'phases']) {
      expect(byName.has(name), name).toBe(true);
    }
    expect(byName.get('WorkflowPhase')).toMatchObject({ kind: 'class', exported: true, entity: { orm: 'typeorm' } });
    expect(byName.get('phases')).toMatchObject({ kind: 'table' });
    expect(byName.has('PhaseView')).toBe(false);
  });
});

describe('entity model settings', () => {
  it('managedFields makes a field maintained on every path', () => {
    const settings = parseSettings({ managedFields: ['updatedBy', { entity: 'TestCycle', field: 'updatedAt' }] });
    const custom = getEntityModel(fixture.services, settings);
    const phase = entityOf(custom, 'workflowPhase')!;
    expect(requiredAuditFields(phase, 'upsert')).toEqual([]);
    expect(phase.actorField?.maintainedBy).toEqual(["settings['orm-hygiene'].managedFields"]);
    const cycle = entityOf(custom, 'testCycle')!;
    expect(requiredAuditFields(cycle, 'update').map(f => f.name)).toEqual(['updatedById']);
    expect(requiredAuditFields(entityOf(custom, 'sample')!, 'native').map(f => f.name)).toEqual(['updatedAt']);
  });

  it('entityTypes adds the project own entity types; field names are configurable', () => {
    const settings = parseSettings({
      entityTypes: [{ from: 'file', name: 'PhaseView' }],
      timestampFields: ['state'],
      actorFields: ['id'],
    });
    const custom = getEntityModel(fixture.services, settings);
    expect(entityOf(custom, 'view')).toMatchObject({
      orm: 'custom',
      name: 'PhaseView',
      tracked: true,
      timestampField: { name: 'state', valueKind: 'string' },
      actorField: { name: 'id' },
    });
    expect(entityOf(custom, 'dto')).toBeUndefined();
  });

  it('rejects malformed settings with one clear message (tests/util/settings.test.ts has the rest)', () => {
    expect(() => parseSettings({ timestampFields: 'updatedAt' })).toThrow("settings['orm-hygiene'].timestampFields should be array");
  });
});
