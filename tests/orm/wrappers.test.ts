// Entities declared through the project's own decorators and abstract base classes (tests/fixtures/wrappers/wrapped:
// decorators that call both TypeORM's and MikroORM's, `Model` → `TenantBaseEntity` → `BaseEntity`) are recognised
// like the same model written with the ORMs' decorators directly (tests/fixtures/wrappers/direct): the three rules
// give the same findings on the same code, whichever of the two it imports.
import { Linter } from 'eslint';
import path from 'node:path';
import tseslint from 'typescript-eslint';
import * as ts from 'typescript';
import { describe, expect, it } from 'vitest';
import plugin from '../../src/index.js';
import { getEntityModel } from '../../src/orm/entity-model.js';
import { parseSettings } from '../../src/util/settings.js';
import { fixturesDir } from '../rule-tester.js';
import { parseFixture } from '../typed-program.js';

const root = path.join(fixturesDir, 'wrappers');
const variants = ['wrapped', 'direct'] as const;

/** Code that writes, updates and enqueues the entities, and uses one without importing it. */
const usage = (variant: string): string => `
import type { EntityManager as MikroEntityManager } from '@mikro-orm/core';
import { Queue } from 'bullmq';
import type { EntityManager } from 'typeorm';
import { Invoice } from './${variant}/entities';

export async function pay(em: EntityManager, invoice: Invoice, userId: string): Promise<void> {
  invoice.total = 0;
  invoice.draftNote = 'paid';
  await em.save(invoice);
  await em.update(Invoice, { id: invoice.id }, { total: 1 });
  await em.update(Invoice, { id: invoice.id }, { total: 2, updatedBy: userId });
  await em.upsert(Invoice, { id: invoice.id, total: 3 }, ['id']);
}

export async function flush(em: MikroEntityManager, id: number): Promise<void> {
  const invoice = await em.findOneOrFail(Invoice, id);
  invoice.total += 1;
  await em.flush();
}

export async function enqueue(queue: Queue, invoice: Invoice): Promise<void> {
  await queue.add('recalc', { invoice });
}

export const ledgers = (em: EntityManager) => em.find(Ledger, {});
`;

const config = [
  {
    files: ['**/*.ts'],
    plugins: { 'orm-hygiene': plugin as never },
    languageOptions: { parser: tseslint.parser, parserOptions: { projectService: true, tsconfigRootDir: root } },
    rules: {
      'orm-hygiene/require-audit-fields': 'error',
      'orm-hygiene/no-entity-across-async-boundary': 'error',
      'orm-hygiene/no-unimported-models': 'error',
    },
  },
] as Linter.Config[];

function findings(variant: string): string[] {
  const linter = new Linter({ configType: 'flat', cwd: root });
  const messages = linter.verify(usage(variant), config, { filename: path.join(root, 'file.ts') });
  return messages.map(m =>
    // Both variants are in one program, so a model name has a candidate in each: the path does not tell them apart.
    `${String(m.line)}:${String(m.column)} ${m.ruleId ?? 'fatal'} ${m.messageId ?? ''} ${m.message}`.replaceAll(/\/(?:wrapped|direct)\//gu, '/<variant>/'),
  );
}

describe('entities declared through wrappers and local base classes', () => {
  const results = Object.fromEntries(variants.map(v => [v, findings(v)] as const));

  it('the three rules give the same findings as with the ORM decorators directly', () => {
    expect(results.wrapped).toEqual(results.direct);
  });

  it('and those findings are the expected ones', () => {
    expect(results.direct!.map(f => f.split(' ').slice(0, 3).join(' '))).toEqual([
      // updatedAt is @UpdateDateColumn's; updatedBy is InvoiceSubscriber's on save() and update(), not on upsert()
      '13:28 orm-hygiene/require-audit-fields missingInWriteCall',
      '23:31 orm-hygiene/no-entity-across-async-boundary entityInPayload',
      '26:55 orm-hygiene/no-unimported-models unresolvedModel',
    ]);
  });

  it.each(variants)('%s: fields, managed fields and the primary key come through the base classes', variant => {
    const { services } = parseFixture(`wrappers/${variant}/entities.ts`);
    const model = getEntityModel(services, parseSettings(undefined));
    const invoice = model.discoverModelsNamed('Invoice')[0]?.entity;
    expect(invoice).toMatchObject({ orm: 'typeorm', name: 'Invoice', primaryKey: 'id' });
    expect(invoice?.timestampField?.name).toBe('updatedAt');
    expect([...(invoice?.timestampField?.maintainedOn ?? [])].sort()).toEqual(['tracked', 'update', 'upsert']);
    expect(invoice?.actorField).toMatchObject({ name: 'updatedBy', maintainedBy: [] });
    expect(['total', 'tenantId', 'updatedBy', 'id'].every(f => invoice?.isPersisted(f))).toBe(true);
    expect(invoice?.isPersisted('draftNote')).toBe(false);
  });

  it.each(variants)('%s: the subscriber (layered through a base class in wrapped/) maintains the actor of the entity it listens to', variant => {
    const { services } = parseFixture(`wrappers/${variant}/entities.ts`);
    const model = getEntityModel(services, parseSettings(undefined));
    const invoice = model.discoverModelsNamed('Invoice').find(m => m.fileName.includes(`/${variant}/`))?.entity;
    const ledger = model.discoverModelsNamed('Ledger').find(m => m.fileName.includes(`/${variant}/`))?.entity;
    const maintenance = model.maintenanceOf(invoice!, invoice!.actorField!);
    expect(maintenance.by).toEqual(['InvoiceSubscriber.beforeUpdate()']);
    expect([...maintenance.paths].sort()).toEqual(['tracked', 'update']);
    expect(model.requiredAuditFields(invoice!, 'upsert').map(f => f.name)).toEqual(['updatedBy']);
    expect(model.requiredAuditFields(invoice!, 'update')).toEqual([]);
    // listenTo() returns Invoice: Ledger, of the same base class, is not listened to.
    expect(model.maintenanceOf(ledger!, ledger!.actorField!).by).toEqual([]);
    expect(model.requiredAuditFields(ledger!, 'tracked').map(f => f.name)).toEqual(['updatedBy']);
  });
});

describe('entityTypes by base class, decorator or type', () => {
  const { services } = parseFixture('wrappers/configured.ts');
  const checker = services.program.getTypeChecker();
  const file = services.program.getSourceFile(path.join(root, 'configured.ts'))!;
  const classType = (name: string) => {
    const declaration = file.statements.find(s => ts.isClassDeclaration(s) && s.name?.text === name) as ts.ClassDeclaration;
    return checker.getDeclaredTypeOfSymbol(checker.getSymbolAtLocation(declaration.name!)!);
  };
  const entityTypes = [
    { from: 'file', name: 'TenantRecord' }, // a base class: every subclass
    { from: 'file', name: 'Persisted' }, // a decorator: every class it decorates
  ];

  it('a subclass of a named base class (at any depth) and a class with a named decorator are entities', () => {
    const model = getEntityModel(services, parseSettings({ entityTypes }));
    const account = model.entityOfType(classType('Account'));
    expect(account).toMatchObject({ orm: 'custom', name: 'Account', tracked: true, primaryKey: 'id' });
    expect(account?.timestampField?.name).toBe('updatedAt');
    expect(account?.actorField?.name).toBe('updatedBy');
    expect(account?.isPersisted('balance')).toBe(true);
    expect(account?.isPersisted('label')).toBe(false);
    expect(model.entityOfType(classType('Payment'))).toMatchObject({ orm: 'custom', name: 'Payment' });
    expect(model.entityOfType(classType('AccountDto'))).toBeUndefined();
    expect(model.discoverModelsNamed('Payment')).toHaveLength(1);
  });

  it('a specifier with another path or package does not match', () => {
    const model = getEntityModel(
      services,
      parseSettings({ entityTypes: [{ from: 'file', name: 'Persisted', path: 'elsewhere.ts' }, { from: 'package', name: 'TenantRecord', package: 'typeorm' }] }),
    );
    expect(model.entityOfType(classType('Payment'))).toBeUndefined();
    expect(model.entityOfType(classType('Account'))).toBeUndefined();
  });

  it('without entityTypes none of them is an entity', () => {
    const model = getEntityModel(services, parseSettings(undefined));
    for (const name of ['Account', 'Payment', 'AccountDto']) expect(model.entityOfType(classType(name))).toBeUndefined();
  });
});

describe('MikroORM defineEntity and EntitySchema: lifecycle hooks and persist: false', () => {
  const { services } = parseFixture('wrappers/mikro-schemas.ts');
  const checker = services.program.getTypeChecker();
  const file = services.program.getSourceFile(path.join(root, 'mikro-schemas.ts'))!;
  const declaredType = (name: string) => {
    const declaration = file.statements.find(
      (s): s is ts.TypeAliasDeclaration | ts.InterfaceDeclaration => (ts.isTypeAliasDeclaration(s) || ts.isInterfaceDeclaration(s)) && s.name.text === name,
    )!;
    return checker.getDeclaredTypeOfSymbol(checker.getSymbolAtLocation(declaration.name)!);
  };
  const model = getEntityModel(services, parseSettings(undefined));

  it('a beforeUpdate hook that writes the field maintains it on flush; a beforeCreate hook does not', () => {
    const shipment = model.entityOfType(declaredType('ShipmentRow'));
    expect(shipment).toMatchObject({ orm: 'mikro-orm', name: 'Shipment' });
    expect(shipment?.timestampField).toMatchObject({ name: 'updatedAt', maintainedBy: ['hooks.beforeUpdate'] });
    expect([...(shipment?.timestampField?.maintainedOn ?? [])]).toEqual(['tracked']);
    expect(shipment?.actorField).toMatchObject({ name: 'updatedBy', maintainedBy: [] });
    expect(shipment?.isPersisted('label')).toBe(false);
    expect(shipment?.isPersisted('updatedBy')).toBe(true);
  });

  it('EntitySchema hooks and persist: false', () => {
    const carrier = model.entityOfType(declaredType('Carrier'));
    expect(carrier).toMatchObject({ orm: 'mikro-orm', name: 'Carrier' });
    expect(carrier?.actorField).toMatchObject({ name: 'updatedBy', maintainedBy: ['hooks.beforeUpdate'] });
    expect(carrier?.isPersisted('code')).toBe(false);
  });
});
