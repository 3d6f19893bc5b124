// Deterministic generator of a synthetic TypeScript ORM codebase for `npm run bench`.
//
// `generateProject({ scale, seed })` returns the files (path → text) of a project with `50 × scale` domain units;
// each unit is one model (TypeORM, MikroORM, sequelize-typescript, Prisma or Drizzle, round-robin), a DTO file with
// the same field names, a service that mutates entities (stamped and unstamped) and calls the ORM's write APIs, a
// jobs file with queue/workflow/timer calls (entities and ids), a handler and a file of domain rules. A models barrel
// re-exports every model; some services use another unit's model without importing it. The content of unit `i`
// depends only on `(seed, i)`, so scale 2 contains scale 1's units plus as many new ones (only the barrel and the
// manifest differ). `writeProject(dir, files)` writes them; the folder must live inside the repository so the ORM
// packages resolve from the root node_modules.
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const UNITS_PER_SCALE = 50;
const ORMS = ['typeorm', 'mikro-orm', 'sequelize', 'prisma', 'drizzle'];

// Model names. `Event` and `Request` sit on TypeORM slots (index ≡ 0 mod 5) and are also @types/node globals, so a
// file that uses them without importing silently gets the global (the rule's `globalShadowsModel`).
const NOUNS = [
  'Order', 'Invoice', 'Shipment', 'Payment', 'Customer', 'Event', 'Contract', 'Ticket', 'Project', 'Task',
  'Request', 'Budget', 'Asset', 'License', 'Campaign', 'Milestone', 'Quote', 'Product', 'Warehouse', 'Vendor',
  'Policy', 'Claim', 'Account', 'Ledger', 'Transfer', 'Booking', 'Room', 'Lesson', 'Course', 'Grade',
  'Enrollment', 'Visit', 'Patient', 'Prescription', 'Device', 'Sensor', 'Alert', 'Incident', 'Release', 'Deployment',
  'Build', 'Artifact', 'Vehicle', 'Route', 'Delivery', 'Parcel', 'Member', 'Team', 'Survey', 'Subscription',
  'Coupon', 'Refund', 'Dispute', 'Supplier', 'Lead', 'Opportunity', 'Estimate', 'Timesheet', 'Expense', 'Payslip',
];

// Extra business columns: name, TS type, and how each ORM declares them.
const FIELD_POOL = [
  { name: 'description', kind: 'text' },
  { name: 'priority', kind: 'int' },
  { name: 'amount', kind: 'int' },
  { name: 'dueDate', kind: 'date' },
  { name: 'closedAt', kind: 'date' },
  { name: 'ownerId', kind: 'text' },
  { name: 'region', kind: 'text' },
  { name: 'code', kind: 'text' },
  { name: 'isArchived', kind: 'bool' },
  { name: 'score', kind: 'int' },
  { name: 'notes', kind: 'text' },
  { name: 'category', kind: 'text' },
  { name: 'reference', kind: 'text' },
  { name: 'quantity', kind: 'int' },
  { name: 'currency', kind: 'text' },
  { name: 'startedAt', kind: 'date' },
  { name: 'attempts', kind: 'int' },
  { name: 'externalId', kind: 'text' },
  { name: 'label', kind: 'text' },
  { name: 'version', kind: 'int' },
];

const TS_TYPE = { text: 'string', int: 'number', date: 'Date | null', bool: 'boolean' };
const SAMPLE = { text: "'n/a'", int: '0', date: 'null', bool: 'false' };
const STATES = ['draft', 'open', 'active', 'review', 'approved', 'closed', 'archived', 'failed'];

// ---------------------------------------------------------------------------------------------------------------
/** mulberry32: small, fast, deterministic. */
function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function hashSeed(...parts) {
  let h = 2166136261;
  for (const ch of parts.join(':')) {
    h ^= ch.charCodeAt(0);
    h = Math.imul(h, 16777619);
  }
  return h >>> 0;
}

function makeRandom(seed, unit) {
  const next = mulberry32(hashSeed(seed, unit));
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: p => next() < p,
    pick: list => list[Math.floor(next() * list.length)],
    sample(list, count) {
      const copy = [...list];
      const out = [];
      while (out.length < count && copy.length > 0) out.push(copy.splice(Math.floor(next() * copy.length), 1)[0]);
      return out;
    },
  };
}

const lowerFirst = s => s[0].toLowerCase() + s.slice(1);
const upperFirst = s => s[0].toUpperCase() + s.slice(1);
const kebab = s => s.replace(/([a-z0-9])([A-Z])/gu, '$1-$2').toLowerCase();

function unitName(index) {
  const base = NOUNS[index % NOUNS.length];
  const round = Math.floor(index / NOUNS.length);
  return round === 0 ? base : `${base}${round + 1}`;
}

// ---------------------------------------------------------------------------------------------------------------
/** The facts of one unit, shared by its files (and by other units that reference its model). */
function describeUnit(seed, index) {
  const rnd = makeRandom(seed, index);
  const orm = ORMS[index % ORMS.length];
  const name = unitName(index);
  const extra = rnd.sample(FIELD_POOL, rnd.int(9, 16));
  const numericActor = orm !== 'prisma' && rnd.chance(0.25);
  const prismaModel = index % 10 === 3 ? 'phase' : 'cycle';
  const unit = {
    index,
    orm,
    name,
    file: kebab(name),
    variable: lowerFirst(name),
    rnd,
    extra,
    // Audit fields: ORM-maintained timestamp or a plain column; string or numeric actor.
    managedTimestamp: rnd.chance(0.5),
    actor: numericActor ? 'updatedById' : 'updatedBy',
    actorType: numericActor ? 'number' : 'string | null',
    actorParam: numericActor ? 'actorId: number' : 'userId: string',
    actorValue: numericActor ? 'actorId' : 'userId',
    idType: orm === 'typeorm' ? 'string' : 'number',
    prismaModel,
  };
  if (orm === 'prisma') {
    unit.model = prismaModel === 'phase' ? 'Phase' : 'Cycle';
    unit.modelFile = `prisma/${unit.file}`;
    unit.timestamp = prismaModel === 'phase' ? 'updatedAt' : 'modifiedAt';
    unit.actor = prismaModel === 'phase' ? 'updatedBy' : 'updatedById';
    unit.actorParam = prismaModel === 'phase' ? 'userId: string' : 'actorId: number';
    unit.actorValue = prismaModel === 'phase' ? 'userId' : 'actorId';
    unit.titleField = prismaModel === 'phase' ? 'state' : 'name';
  } else if (orm === 'drizzle') {
    unit.model = unit.variable.endsWith('y') ? `${unit.variable.slice(0, -1)}ies` : unit.variable.endsWith('s') ? `${unit.variable}es` : `${unit.variable}s`;
    unit.rowType = `${name}Row`;
    unit.modelFile = `drizzle/${unit.file}`;
    unit.timestamp = 'updatedAt';
    unit.titleField = 'title';
  } else {
    unit.model = name;
    unit.modelFile = `${orm}/${unit.file}`;
    unit.timestamp = 'updatedAt';
    unit.titleField = 'title';
  }
  return unit;
}

// ---------------------------------------------------------------------------------------------------------------
// Models

function typeormModel(u, units) {
  const previous = units.find(o => o.orm === 'typeorm' && o.index === u.index - 5);
  const lines = [
    `import { Column, CreateDateColumn, Entity, ${previous ? 'ManyToOne, ' : ''}PrimaryGeneratedColumn${u.managedTimestamp ? ', UpdateDateColumn' : ''} } from 'typeorm';`,
    previous ? `import { ${previous.name} } from './${previous.file}';` : '',
    '',
    `/** ${u.name}: TypeORM entity${u.managedTimestamp ? ' with @UpdateDateColumn' : ' with plain audit columns'}. */`,
    `@Entity('${u.file.replace(/-/gu, '_')}')`,
    `export class ${u.name} {`,
    `  @PrimaryGeneratedColumn('uuid')`,
    `  id!: string;`,
    '',
    `  @Column({ type: 'varchar', length: 32 })`,
    `  state!: string;`,
    '',
    `  @Column({ type: 'varchar' })`,
    `  title!: string;`,
  ];
  for (const f of u.extra) {
    const column = {
      text: `@Column({ type: 'varchar', default: '' })`,
      int: `@Column({ type: 'int', default: 0 })`,
      date: `@Column({ type: 'timestamptz', nullable: true })`,
      bool: `@Column({ type: 'boolean', default: false })`,
    }[f.kind];
    lines.push('', `  ${column}`, `  ${f.name}!: ${TS_TYPE[f.kind]};`);
  }
  if (previous) {
    lines.push('', `  @ManyToOne(() => ${previous.name}, { nullable: true })`, `  parent!: ${previous.name} | null;`);
  }
  lines.push('', '  @CreateDateColumn()', '  createdAt!: Date;', '');
  lines.push(u.managedTimestamp ? '  @UpdateDateColumn()' : "  @Column({ type: 'timestamptz' })", '  updatedAt!: Date;', '');
  lines.push(
    u.actor === 'updatedById' ? "  @Column({ type: 'int', default: 0 })" : "  @Column({ type: 'varchar', nullable: true })",
    `  ${u.actor}!: ${u.actorType};`,
    '',
    '  /** Not a column. */',
    '  get isClosed(): boolean {',
    `    return this.state === 'closed';`,
    '  }',
    '',
    '  /** Transient, not persisted. */',
    '  scratch?: string;',
    '}',
  );
  return lines.filter((l, i) => l !== '' || i > 2 || lines[i - 1] !== '').join('\n') + '\n';
}

function mikroModel(u) {
  const lines = [
    "import { Entity, PrimaryKey, Property } from '@mikro-orm/core';",
    '',
    `/** ${u.name}: MikroORM entity${u.managedTimestamp ? ' with onUpdate' : ' with plain audit properties'}. */`,
    '@Entity()',
    `export class ${u.name} {`,
    '  @PrimaryKey()',
    '  id!: number;',
    '',
    '  @Property()',
    "  state: string = 'draft';",
    '',
    '  @Property()',
    "  title: string = '';",
  ];
  for (const f of u.extra) {
    lines.push('', f.kind === 'date' ? '  @Property({ nullable: true })' : '  @Property()', `  ${f.name}: ${TS_TYPE[f.kind]} = ${SAMPLE[f.kind]};`);
  }
  lines.push('', u.managedTimestamp ? '  @Property({ onUpdate: () => new Date() })' : '  @Property()', '  updatedAt: Date = new Date();', '');
  lines.push(
    u.actor === 'updatedById' ? '  @Property()' : '  @Property({ nullable: true })',
    `  ${u.actor}: ${u.actorType} = ${u.actor === 'updatedById' ? '0' : 'null'};`,
    '',
    '  /** Not persisted: undecorated. */',
    '  scratch?: string;',
    '',
    `  describe(): string {`,
    '    return `${this.title} (${this.state})`;',
    '  }',
    '}',
  );
  return lines.join('\n') + '\n';
}

function sequelizeModel(u) {
  const dataType = { text: 'DataType.STRING', int: 'DataType.INTEGER', date: 'DataType.DATE', bool: 'DataType.BOOLEAN' };
  const lines = [
    `import { Column, DataType, Model, PrimaryKey, Table${u.managedTimestamp ? ', UpdatedAt' : ''} } from 'sequelize-typescript';`,
    '',
    `/** ${u.name}: sequelize-typescript model${u.managedTimestamp ? ' with timestamps' : ' with timestamps off'}. */`,
    `@Table({ tableName: '${u.file.replace(/-/gu, '_')}'${u.managedTimestamp ? '' : ', timestamps: false'} })`,
    `export class ${u.name} extends Model {`,
    '  @PrimaryKey',
    '  @Column(DataType.INTEGER)',
    '  declare id: number;',
    '',
    '  @Column(DataType.STRING)',
    '  declare state: string;',
    '',
    '  @Column(DataType.STRING)',
    '  declare title: string;',
  ];
  for (const f of u.extra) lines.push('', `  @Column(${dataType[f.kind]})`, `  declare ${f.name}: ${TS_TYPE[f.kind]};`);
  lines.push('', u.managedTimestamp ? '  @UpdatedAt' : '  @Column(DataType.DATE)', '  declare updatedAt: Date;', '');
  lines.push(`  @Column(${u.actor === 'updatedById' ? 'DataType.INTEGER' : 'DataType.STRING'})`, `  declare ${u.actor}: ${u.actorType};`, '}');
  return lines.join('\n') + '\n';
}

function drizzleModel(u) {
  const builder = {
    text: n => `text('${n}').notNull().default('')`,
    int: n => `integer('${n}').notNull().default(0)`,
    date: n => `timestamp('${n}')`,
    bool: n => `boolean('${n}').notNull().default(false)`,
  };
  const lines = [
    "import { boolean, integer, pgTable, serial, text, timestamp } from 'drizzle-orm/pg-core';",
    '',
    `/** ${u.name}: Drizzle table${u.managedTimestamp ? ' with $onUpdate' : ' with plain audit columns'}. */`,
    `export const ${u.model} = pgTable('${u.file.replace(/-/gu, '_')}', {`,
    "  id: serial('id').primaryKey(),",
    "  state: text('state').notNull().default('draft'),",
    "  title: text('title').notNull().default(''),",
  ];
  for (const f of u.extra) lines.push(`  ${f.name}: ${builder[f.kind](f.name.replace(/([A-Z])/gu, '_$1').toLowerCase())},`);
  lines.push(
    `  updatedAt: timestamp('updated_at').notNull()${u.managedTimestamp ? '.$onUpdate(() => new Date())' : '.defaultNow()'},`,
    u.actor === 'updatedById' ? "  updatedById: integer('updated_by_id').notNull().default(0)," : "  updatedBy: text('updated_by'),",
    '});',
    '',
    `export type ${u.rowType} = typeof ${u.model}.$inferSelect;`,
    `export type New${u.rowType} = typeof ${u.model}.$inferInsert;`,
  );
  return lines.join('\n') + '\n';
}

function prismaModel(u) {
  return [
    `import type { ${u.model}, Prisma } from '@prisma/client';`,
    '',
    `/** ${u.name}: a Prisma-backed record (model \`${u.model}\` of the schema). */`,
    `export type ${u.name}Record = ${u.model};`,
    `export type ${u.name}Update = Prisma.${u.model}UpdateInput;`,
    '',
    `export const ${u.variable}Select = { id: true, ${u.titleField}: true, ${u.timestamp}: true } as const;`,
    '',
  ].join('\n');
}

// ---------------------------------------------------------------------------------------------------------------
// DTOs: the same field names as the model, never entities.

function fieldsOf(u) {
  if (u.orm === 'prisma') {
    return u.prismaModel === 'phase'
      ? [['id', 'number'], ['state', 'string'], ['updatedAt', 'Date'], ['updatedBy', 'string | null']]
      : [['id', 'number'], ['name', 'string'], ['modifiedAt', 'Date'], ['updatedById', 'number']];
  }
  return [
    ['id', u.idType],
    ['state', 'string'],
    ['title', 'string'],
    ...u.extra.map(f => [f.name, TS_TYPE[f.kind]]),
    ['updatedAt', 'Date'],
    [u.actor, u.actorType],
  ];
}

function initialValue(type) {
  if (type === 'string') return "''";
  if (type === 'number') return '0';
  if (type === 'boolean') return 'false';
  if (type === 'Date') return 'new Date(0)';
  return 'null';
}

function dtoFile(u) {
  const fields = fieldsOf(u);
  const lines = [
    `/** Transport shape of ${u.name}: shares every field name with the model, but is a plain object. */`,
    `export interface ${u.name}Dto {`,
    ...fields.map(([n, t]) => `  ${n}: ${t};`),
    '}',
    '',
    `/** A view model with the same fields; writing them is not an entity mutation. */`,
    `export class ${u.name}View {`,
    ...fields.map(([n, t]) => `  ${n}: ${t} = ${initialValue(t)};`),
    '',
    `  static from(dto: ${u.name}Dto): ${u.name}View {`,
    `    const view = new ${u.name}View();`,
    ...fields.map(([n]) => `    view.${n} = dto.${n};`),
    '    return view;',
    '  }',
    '}',
    '',
    `export type ${u.name}Patch = Partial<Omit<${u.name}Dto, 'id'>>;`,
    '',
    `/** Names of the fields that differ between two versions. */`,
    `export function diff${u.name}(before: ${u.name}Dto, after: ${u.name}Dto): (keyof ${u.name}Dto)[] {`,
    `  const changed: (keyof ${u.name}Dto)[] = [];`,
    ...fields.map(([n, t]) =>
      t.startsWith('Date')
        ? `  if (before.${n}?.getTime() !== after.${n}?.getTime()) changed.push('${n}');`
        : `  if (before.${n} !== after.${n}) changed.push('${n}');`,
    ),
    '  return changed;',
    '}',
    '',
    `export function merge${u.name}(base: ${u.name}Dto, patch: ${u.name}Patch): ${u.name}Dto {`,
    '  return {',
    ...fields.map(([n]) => (n === 'id' ? '    id: base.id,' : `    ${n}: patch.${n} !== undefined ? patch.${n} : base.${n},`)),
    '  };',
    '}',
    '',
    `export function to${u.name}CsvRow(dto: ${u.name}Dto): string[] {`,
    '  return [',
    ...fields.map(([n, t]) => (t.startsWith('Date') ? `    dto.${n}?.toISOString() ?? '',` : `    String(dto.${n}),`)),
    '  ];',
    '}',
    '',
    `export function from${u.name}CsvRow(row: readonly string[]): ${u.name}Dto {`,
    '  let i = 0;',
    '  const next = (): string => row[i++] ?? \'\';',
    '  return {',
    ...fields.map(([n, t]) => {
      if (t === 'string') return `    ${n}: next(),`;
      if (t === 'number') return `    ${n}: Number(next()),`;
      if (t === 'boolean') return `    ${n}: next() === 'true',`;
      if (t === 'Date') return `    ${n}: new Date(next()),`;
      if (t === 'Date | null') return `    ${n}: ((value: string) => (value ? new Date(value) : null))(next()),`;
      return `    ${n}: ((value: string) => (value ? ${t.startsWith('number') ? 'Number(value)' : 'value'} : null))(next()),`;
    }),
    '  };',
    '}',
    '',
    `export function is${u.name}Dto(value: unknown): value is ${u.name}Dto {`,
    "  if (typeof value !== 'object' || value === null) return false;",
    '  const record = value as Record<string, unknown>;',
    `  return ${fields
      .filter(([, t]) => ['string', 'number', 'boolean'].includes(t))
      .map(([n, t]) => `typeof record.${n} === '${t}'`)
      .join(' &&\n    ')};`,
    '}',
    '',
  ];
  return lines.join('\n');
}

// ---------------------------------------------------------------------------------------------------------------
// Services: load, mutate (stamped / unstamped), write calls, DTO and Map/Set negatives, unimported models.

function modelImport(u, from) {
  const path = u.rnd.chance(0.5) ? `${from}/models` : `${from}/models/${u.modelFile}`;
  if (u.orm === 'prisma') return `import type { ${u.name}Record } from '${path}';`;
  if (u.orm === 'drizzle') return `import { ${u.model}, type ${u.rowType} } from '${path}';`;
  return `import { ${u.name} } from '${path}';`;
}

function entityType(u) {
  if (u.orm === 'prisma') return `${u.name}Record`;
  if (u.orm === 'drizzle') return u.rowType;
  return u.name;
}

/** ORM-specific code snippets for a class-ORM service. */
function classOps(u) {
  const E = u.name;
  switch (u.orm) {
    case 'typeorm':
      return {
        imports: ["import { In, type DataSource, type Repository } from 'typeorm';"],
        deps: ['private readonly dataSource: DataSource'],
        fields: [`private readonly repo: Repository<${E}>;`],
        ctor: [`this.repo = dataSource.getRepository(${E});`],
        load: v => `const ${v} = await this.repo.findOneByOrFail({ id });`,
        save: v => `await this.repo.save(${v});`,
        writeCall: data => `await this.repo.update({ id: In(ids) }, { ${data} });`,
        writeCall2: data =>
          `await this.dataSource.createQueryBuilder().update(${E}).set({ ${data} }).where('state = :state', { state: 'open' }).execute();`,
        fresh: v => `const ${v} = this.repo.create({ state: 'draft' });`,
        assign: (v, data) => `Object.assign(${v}, { ${data} });`,
        foreign: other => `await this.dataSource.getRepository(${other}).count()`,
        list: `return this.repo.find({ where: { state }, take: limit });`,
      };
    case 'mikro-orm':
      return {
        imports: ["import { wrap, type EntityManager } from '@mikro-orm/core';"],
        deps: ['private readonly em: EntityManager'],
        fields: [],
        ctor: [],
        load: v => `const ${v} = await this.em.findOneOrFail(${E}, { id });`,
        save: () => 'await this.em.flush();',
        writeCall: data => `await this.em.nativeUpdate(${E}, { id: { $in: ids } }, { ${data} });`,
        writeCall2: data => `await this.em.nativeUpdate(${E}, { state: 'open' }, { ${data} });`,
        fresh: v => `const ${v} = new ${E}();`,
        assign: (v, data) => `wrap(${v}).assign({ ${data} });`,
        foreign: other => `await this.em.count(${other}, {})`,
        list: `return this.em.find(${E}, { state }, { limit });`,
      };
    default:
      return {
        imports: ["import { Op } from 'sequelize';"],
        deps: [],
        fields: [],
        ctor: [],
        load: v => `const ${v} = await ${E}.findByPk(id, { rejectOnEmpty: true });`,
        save: v => `await ${v}.save();`,
        writeCall: data => `await ${E}.update({ ${data} }, { where: { id: { [Op.in]: ids } } });`,
        writeCall2: data => `await ${E}.update({ ${data} }, { where: { state: 'open' }, silent: true });`,
        fresh: v => `const ${v} = ${E}.build({ state: 'draft' });`,
        assign: (v, data) => `${v}.set({ ${data} });`,
        foreign: other => `await ${other}.count()`,
        list: `return ${E}.findAll({ where: { state }, limit });`,
      };
  }
}

function stampLines(u, v, indent) {
  return [`${indent}${v}.updatedAt = new Date();`, `${indent}${v}.${u.actor} = ${u.actorValue};`];
}

function stampData(u) {
  return `updatedAt: new Date(), ${u.actor}: ${u.actorValue}`;
}

function fieldOfKind(u, kind) {
  return u.extra.find(f => f.kind === kind);
}

/** A model of another unit that this service uses, imported or (sometimes) not. */
function foreignModelUse(u, units) {
  const candidates = units.filter(o => o.orm === u.orm && o.index !== u.index && o.orm !== 'prisma');
  if (candidates.length === 0) return undefined;
  // Prefer the globals-named models for TypeORM so the shadowing case is exercised.
  const shadowing = candidates.filter(o => o.name === 'Event' || o.name === 'Request');
  const other = u.orm === 'typeorm' && shadowing.length > 0 && u.rnd.chance(0.5) ? u.rnd.pick(shadowing) : u.rnd.pick(candidates);
  return { other, imported: !u.rnd.chance(0.3) };
}

function classService(u, units) {
  const { rnd } = u;
  const E = u.name;
  const v = u.variable === 'event' || u.variable === 'request' ? `${u.variable}Row` : u.variable;
  const ops = classOps(u);
  const text = fieldOfKind(u, 'text');
  const int = fieldOfKind(u, 'int');
  const date = fieldOfKind(u, 'date');
  const foreign = foreignModelUse(u, units);
  const lines = [
    ...ops.imports,
    modelImport(u, '..'),
    `import { ${E}View, type ${E}Dto, type ${E}Patch } from '../dto/${u.file}.dto';`,
    "import type { Metrics } from '../infra/metrics';",
  ];
  if (foreign?.imported) lines.push(`import { ${foreign.other.name} } from '../models/${foreign.other.modelFile}';`);
  lines.push(
    '',
    `export class ${E}Service {`,
    ...ops.fields.map(f => `  ${f}`),
    `  private readonly cache = new Map<${u.idType}, ${E}Dto>();`,
    `  private readonly touched = new Set<${u.idType}>();`,
    '',
    '  constructor(',
    ...ops.deps.map(d => `    ${d},`),
    '    private readonly metrics: Metrics,',
    '  ) {',
    ...ops.ctor.map(c => `    ${c}`),
    '  }',
    '',
    `  async get(id: ${u.idType}): Promise<${E}> {`,
    `    ${ops.load(v)}`,
    `    this.touched.add(id);`,
    `    return ${v};`,
    '  }',
    '',
    `  async list(state: string, limit = 50): Promise<${E}[]> {`,
    `    ${ops.list}`,
    '  }',
    '',
    '  /** Stamped: every audit field is set before saving. */',
    `  async start(id: ${u.idType}, ${u.actorParam}): Promise<${E}> {`,
    `    ${ops.load(v)}`,
    `    ${v}.state = 'active';`,
    text ? `    ${v}.${text.name} = ${v}.${text.name}.trim();` : `    ${v}.title = ${v}.title.trim();`,
    ...stampLines(u, v, '    '),
    `    ${ops.save(v)}`,
    `    this.cache.delete(id);`,
    `    return ${v};`,
    '  }',
    '',
  );
  // Unstamped mutations (findings for require-audit-fields), varying shapes.
  lines.push(
    `  async rename(id: ${u.idType}, title: string): Promise<${E}> {`,
    `    ${ops.load(v)}`,
    `    ${v}.title = title;`,
    `    ${ops.save(v)}`,
    `    return ${v};`,
    '  }',
    '',
  );
  if (int && rnd.chance(0.7)) {
    lines.push(
      `  async bump(id: ${u.idType}): Promise<void> {`,
      `    ${ops.load(v)}`,
      `    ${v}.${int.name}++;`,
      `    ${v}.${int.name} += 1;`,
      `    ${ops.save(v)}`,
      '  }',
      '',
    );
  }
  if (date && rnd.chance(0.6)) {
    lines.push(
      `  async close(id: ${u.idType}, ${u.actorParam}): Promise<void> {`,
      `    ${ops.load(v)}`,
      `    ${v}.state = 'closed';`,
      `    ${v}.${date.name} = new Date();`,
      `    if (${v}.title.length === 0) {`,
      `      ${v}.title = 'untitled';`,
      '    }',
      ...stampLines(u, v, '    '),
      `    ${ops.save(v)}`,
      '  }',
      '',
    );
  }
  lines.push(
    `  async patch(id: ${u.idType}, patch: ${E}Patch, ${u.actorParam}): Promise<${E}> {`,
    `    ${ops.load(v)}`,
    `    if (patch.state !== undefined) ${v}.state = patch.state;`,
    `    if (patch.title !== undefined) ${v}.title = patch.title;`,
    rnd.chance(0.5) ? stampLines(u, v, '    ').join('\n') : `    void ${u.actorValue};`,
    `    ${ops.save(v)}`,
    `    return ${v};`,
    '  }',
    '',
    `  async assignTitle(id: ${u.idType}, title: string): Promise<void> {`,
    `    ${ops.load(v)}`,
    `    ${ops.assign(v, 'title')}`,
    `    ${ops.save(v)}`,
    '  }',
    '',
  );
  for (const f of u.extra) {
    const stamped = rnd.chance(0.6);
    lines.push(
      `  async setMany${upperFirst(f.name)}(ids: ${u.idType}[], value: ${TS_TYPE[f.kind]}, ${u.actorParam}): Promise<void> {`,
      '    if (ids.length === 0) return;',
      `    ${ops.writeCall(`${f.name}: value${rnd.chance(0.7) ? `, ${stampData(u)}` : ''}`)}`,
      `    this.metrics.count('${u.file}.${f.name}.many', ids.length);`,
      `    void ${u.actorValue};`,
      '  }',
      '',
      `  async set${upperFirst(f.name)}(id: ${u.idType}, value: ${TS_TYPE[f.kind]}, ${u.actorParam}): Promise<void> {`,
      `    ${ops.load(v)}`,
      `    if (${v}.${f.name} === value) return;`,
      `    ${v}.${f.name} = value;`,
      ...(stamped ? stampLines(u, v, '    ') : [`    this.metrics.count('${u.file}.${f.name}.by', Number(${u.actorValue} !== null));`]),
      `    ${ops.save(v)}`,
      `    this.metrics.count('${u.file}.${f.name}', 1);`,
      '  }',
      '',
    );
  }
  lines.push(
    '  /** ORM write call with an object literal: stamped. */',
    `  async archiveMany(ids: ${u.idType}[], ${u.actorParam}): Promise<void> {`,
    `    ${ops.writeCall(`state: 'archived', ${stampData(u)}`)}`,
    `    this.metrics.count('${u.file}.archived', ids.length);`,
    '  }',
    '',
    '  /** ORM write call with an object literal: unstamped. */',
    `  async reopenMany(ids: ${u.idType}[]): Promise<void> {`,
    `    ${ops.writeCall("state: 'open'")}`,
    '  }',
    '',
  );
  if (rnd.chance(0.5)) {
    lines.push(
      `  async expireOpen(${u.actorParam}): Promise<void> {`,
      `    ${ops.writeCall2(`state: 'expired', ${rnd.chance(0.5) ? stampData(u) : `${u.actor}: ${u.actorValue}`}`)}`,
      '  }',
      '',
    );
  }
  // Inserts: a fresh entity is not a modification.
  lines.push(
    `  async create(title: string): Promise<${E}> {`,
    `    ${ops.fresh('created')}`,
    '    created.title = title;',
    "    created.state = 'draft';",
    `    ${ops.save('created')}`,
    '    return created;',
    '  }',
    '',
  );
  // Negatives: DTOs, views, Map/Set with ORM-like method names.
  lines.push(
    `  toDto(${v}: ${E}): ${E}Dto {`,
    `    const dto: ${E}Dto = {`,
    ...fieldsOf(u).map(([n]) => `      ${n}: ${v}.${n},`),
    '    };',
    '    this.cache.set(dto.id, dto);',
    '    return dto;',
    '  }',
    '',
    `  refreshView(dto: ${E}Dto): ${E}View {`,
    `    const view = ${E}View.from(dto);`,
    "    view.state = 'refreshed';",
    '    view.updatedAt = new Date();',
    '    const labels = new Map<string, string>();',
    "    labels.set('state', view.state);",
    '    const seen = new Set<string>();',
    "    seen.add(view.title);",
    '    return view;',
    '  }',
    '',
  );
  if (foreign) {
    lines.push(
      '  async related(): Promise<number> {',
      `    return ${ops.foreign(foreign.other.name)};`,
      '  }',
      '',
    );
  }
  lines.push(
    `  async stats(): Promise<{ open: number; closed: number }> {`,
    "    const open = await this.list('open', 500);",
    "    const closed = await this.list('closed', 500);",
    `    this.metrics.gauge('${u.file}.open', open.length);`,
    '    this.metrics.track(open.length + closed.length);',
    '    return { open: open.length, closed: closed.length };',
    '  }',
    '}',
    '',
  );
  return lines.join('\n');
}

function prismaService(u, units) {
  const { rnd } = u;
  const E = `${u.name}Record`;
  const m = u.prismaModel;
  const v = u.variable;
  const t = u.titleField;
  const lines = [
    "import type { PrismaClient } from '@prisma/client';",
    modelImport(u, '..'),
    `import { ${u.name}View, type ${u.name}Dto } from '../dto/${u.file}.dto';`,
    "import type { Metrics } from '../infra/metrics';",
    '',
    `export class ${u.name}Service {`,
    `  private readonly cache = new Map<number, ${u.name}Dto>();`,
    '',
    '  constructor(',
    '    private readonly prisma: PrismaClient,',
    '    private readonly metrics: Metrics,',
    '  ) {}',
    '',
    `  async get(id: number): Promise<${E}> {`,
    `    return this.prisma.${m}.findUniqueOrThrow({ where: { id } });`,
    '  }',
    '',
    '  /** Stamped write. */',
    `  async rename(id: number, value: string, ${u.actorParam}): Promise<${E}> {`,
    `    return this.prisma.${m}.update({ where: { id }, data: { ${t}: value, ${u.actor}: ${u.actorValue}${u.timestamp === 'modifiedAt' ? ', modifiedAt: new Date()' : ''} } });`,
    '  }',
    '',
    '  /** Unstamped write. */',
    `  async relabel(id: number, value: string): Promise<${E}> {`,
    `    return this.prisma.${m}.update({ where: { id }, data: { ${t}: value } });`,
    '  }',
    '',
    `  async relabelMany(ids: number[], value: string${rnd.chance(0.5) ? `, ${u.actorParam}` : ''}): Promise<number> {`,
    `    const result = await this.prisma.${m}.updateMany({`,
    '      where: { id: { in: ids } },',
    `      data: { ${t}: value${u.timestamp === 'modifiedAt' ? ', modifiedAt: new Date()' : ''} },`,
    '    });',
    '    return result.count;',
    '  }',
    '',
    `  async upsert(id: number, value: string, ${u.actorParam}): Promise<${E}> {`,
    `    return this.prisma.${m}.upsert({`,
    '      where: { id },',
    `      create: { ${t}: value, ${u.actor}: ${u.actorValue}${u.timestamp === 'modifiedAt' ? ', modifiedAt: new Date()' : ''} },`,
    `      update: { ${t}: value${rnd.chance(0.5) ? `, ${u.actor}: ${u.actorValue}${u.timestamp === 'modifiedAt' ? ', modifiedAt: new Date()' : ''}` : ''} },`,
    '    });',
    '  }',
    '',
    `  async renameAll(prefix: string, ${u.actorParam}): Promise<${E}[]> {`,
    `    const rows = await this.prisma.${m}.findMany({ where: { ${t}: { startsWith: prefix } }, take: 100 });`,
    `    const updated: ${E}[] = [];`,
    '    for (const row of rows) {',
    `      const next = row.${t}.slice(prefix.length).trim();`,
    '      if (next.length === 0) continue;',
    `      updated.push(await this.prisma.${m}.update({ where: { id: row.id }, data: { ${t}: next, ${u.actor}: ${u.actorValue}${u.timestamp === 'modifiedAt' ? ', modifiedAt: new Date()' : ''} } }));`,
    '    }',
    `    this.metrics.count('${u.file}.renamed', updated.length);`,
    '    return updated;',
    '  }',
    '',
    `  async search(term: string, take = 20): Promise<${u.name}Dto[]> {`,
    `    const rows = await this.prisma.${m}.findMany({`,
    `      where: { ${t}: { contains: term, mode: 'insensitive' } },`,
    `      orderBy: { ${u.timestamp}: 'desc' },`,
    '      take,',
    '    });',
    `    return rows.map(row => ({ ...row }));`,
    '  }',
    '',
    '  /** Rows are plain objects: writing their properties is not a database write. */',
    `  async preview(id: number, value: string): Promise<${u.name}Dto> {`,
    `    const ${v} = await this.get(id);`,
    `    ${v}.${t} = value;`,
    `    const dto: ${u.name}Dto = { ...${v} };`,
    '    this.cache.set(id, dto);',
    '    return dto;',
    '  }',
    '',
    `  view(dto: ${u.name}Dto): ${u.name}View {`,
    `    const view = ${u.name}View.from(dto);`,
    `    view.${u.timestamp} = new Date();`,
    '    return view;',
    '  }',
    '',
    `  async count(): Promise<number> {`,
    `    const total = await this.prisma.${m}.count();`,
    `    this.metrics.gauge('${u.file}.total', total);`,
    '    return total;',
    '  }',
    '}',
    '',
  ];
  void units;
  return lines.join('\n');
}

function drizzleService(u, units) {
  const { rnd } = u;
  const T = u.model;
  const R = u.rowType;
  const v = u.variable;
  const foreign = units.filter(o => o.orm === 'drizzle' && o.index !== u.index);
  const other = foreign.length > 0 ? rnd.pick(foreign) : undefined;
  const otherImported = !rnd.chance(0.3);
  const insertValues = ["state: 'draft'", 'title'].join(', ');
  const lines = [
    "import { eq, inArray } from 'drizzle-orm';",
    "import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';",
    modelImport(u, '..'),
    `import { ${u.name}View, type ${u.name}Dto } from '../dto/${u.file}.dto';`,
    "import type { Metrics } from '../infra/metrics';",
  ];
  if (other && otherImported) lines.push(`import { ${other.model} } from '../models/${other.modelFile}';`);
  lines.push(
    '',
    `export class ${u.name}Service {`,
    `  private readonly cache = new Map<number, ${u.name}Dto>();`,
    '',
    '  constructor(',
    '    private readonly db: PgDatabase<PgQueryResultHKT>,',
    '    private readonly metrics: Metrics,',
    '  ) {}',
    '',
    `  async get(id: number): Promise<${R}> {`,
    `    const [${v}] = await this.db.select().from(${T}).where(eq(${T}.id, id));`,
    `    if (!${v}) throw new Error(\`${u.name} \${id} not found\`);`,
    `    return ${v};`,
    '  }',
    '',
    '  /** Stamped write. */',
    `  async rename(id: number, title: string, ${u.actorParam}): Promise<void> {`,
    `    await this.db.update(${T}).set({ title, ${stampData(u)} }).where(eq(${T}.id, id));`,
    '  }',
    '',
    '  /** Unstamped write. */',
    `  async reopen(ids: number[]): Promise<void> {`,
    `    await this.db.update(${T}).set({ state: 'open' }).where(inArray(${T}.id, ids));`,
    '  }',
    '',
    `  async upsert(title: string, ${u.actorParam}): Promise<void> {`,
    `    await this.db`,
    `      .insert(${T})`,
    `      .values({ ${insertValues} })`,
    `      .onConflictDoUpdate({ target: ${T}.id, set: { title${rnd.chance(0.5) ? `, ${stampData(u)}` : ''} } });`,
    `    void ${u.actorValue};`,
    '  }',
    '',
  );
  for (const f of u.extra) {
    const stamped = rnd.chance(0.6);
    lines.push(
      `  async set${upperFirst(f.name)}(id: number, value: ${TS_TYPE[f.kind]}, ${u.actorParam}): Promise<void> {`,
      `    await this.db`,
      `      .update(${T})`,
      `      .set({ ${f.name}: value${stamped ? `, ${stampData(u)}` : ''} })`,
      `      .where(eq(${T}.id, id));`,
      ...(stamped ? [] : [`    this.metrics.count('${u.file}.${f.name}.by', Number(${u.actorValue} !== null));`]),
      `    this.metrics.count('${u.file}.${f.name}', 1);`,
      '  }',
      '',
    );
  }
  lines.push(
    '  /** Rows are plain objects: writing their properties is not a database write. */',
    `  async preview(id: number, title: string): Promise<${u.name}View> {`,
    `    const ${v} = await this.get(id);`,
    `    ${v}.title = title;`,
    `    const view = ${u.name}View.from(${v});`,
    "    view.state = 'preview';",
    '    return view;',
    '  }',
    '',
    `  cacheDto(dto: ${u.name}Dto): void {`,
    '    this.cache.set(dto.id, dto);',
    '  }',
  );
  if (other) {
    lines.push(
      '',
      '  async related(): Promise<number> {',
      `    const rows = await this.db.select().from(${other.model});`,
      '    return rows.length;',
      '  }',
    );
  }
  lines.push(
    '',
    '  async count(): Promise<number> {',
    `    const rows = await this.db.select({ id: ${T}.id }).from(${T});`,
    `    this.metrics.gauge('${u.file}.total', rows.length);`,
    '    return rows.length;',
    '  }',
    '}',
    '',
  );
  return lines.join('\n');
}

// ---------------------------------------------------------------------------------------------------------------
// Jobs: queues, workflows and timers, with ids (fine) and with entities (findings).

function jobsFile(u) {
  const { rnd } = u;
  const E = entityType(u);
  const v = u.variable === 'event' || u.variable === 'request' ? `${u.variable}Row` : u.variable;
  const idExpr = `${v}.id`;
  const lines = [
    "import { Queue, Worker } from 'bullmq';",
    "import type { Client } from '@temporalio/client';",
    "import type { PgBoss } from 'pg-boss';",
    "import type { Agenda } from 'agenda';",
    `import type { ${E} } from '../models/${u.modelFile}';`,
    "import type { Metrics } from '../infra/metrics';",
    '',
    `export const ${u.variable}Queue = new Queue('${u.file}');`,
    '',
    `export interface ${u.name}JobData {`,
    `  ${u.variable}Id: ${u.orm === 'typeorm' ? 'string' : 'number'};`,
    '  reason: string;',
    '}',
    '',
  ];
  if (rnd.chance(0.25)) {
    lines.push(`export const ${u.variable}SnapshotQueue = new Queue<{ snapshot: ${E} }>('${u.file}-snapshot');`, '');
  }
  lines.push(
    `export function create${u.name}Worker(metrics: Metrics): Worker<${u.name}JobData> {`,
    `  return new Worker<${u.name}JobData>('${u.file}', async job => {`,
    `    const started = Date.now();`,
    '    switch (job.name) {',
    "      case 'recalc':",
    `        metrics.count('${u.file}.recalc', 1);`,
    '        break;',
    "      case 'later':",
    "      case 'kick':",
    `        metrics.gauge('${u.file}.delay', started - job.timestamp);`,
    '        break;',
    '      default:',
    '        throw new Error(`unknown job ${job.name}`);',
    '    }',
    `    await job.updateProgress(100);`,
    `    return { ${u.variable}Id: job.data.${u.variable}Id, took: Date.now() - started };`,
    '  });',
    '}',
    '',
    `export class ${u.name}Jobs {`,
    '  constructor(',
    '    private readonly temporal: Client,',
    '    private readonly boss: PgBoss,',
    '    private readonly agenda: Agenda,',
    '    private readonly metrics: Metrics,',
    '  ) {}',
    '',
    `  async recalc(${v}: ${E}): Promise<void> {`,
    `    const data: ${u.name}JobData = { ${u.variable}Id: ${idExpr}, reason: 'recalc' };`,
    `    await ${u.variable}Queue.add('recalc', data);`,
    '  }',
    '',
    `  async review(${v}: ${E}): Promise<void> {`,
    `    await this.temporal.workflow.start('review${u.name}', {`,
    `      args: [${idExpr}],`,
    "      taskQueue: 'reviews',",
    `      workflowId: \`review-${u.file}-\${${idExpr}}\`,`,
    '    });',
    '  }',
    '',
    `  async notify(${v}: ${E}): Promise<void> {`,
    `    await this.boss.send('${u.file}.notify', { id: ${idExpr} });`,
    `    await this.agenda.now('${u.file}.index', { id: ${idExpr} });`,
    '  }',
    '',
    `  later(id: ${u.orm === 'typeorm' ? 'string' : 'number'}): void {`,
    '    setTimeout(() => {',
    `      this.metrics.count('${u.file}.later', 1);`,
    `      void ${u.variable}Queue.add('later', { ${u.variable}Id: id, reason: 'later' });`,
    '    }, 1_000);',
    '  }',
    '',
  );
  // Entities across boundaries (findings), each present with some probability.
  if (rnd.chance(0.5)) {
    lines.push(`  async snapshot(${v}: ${E}): Promise<void> {`, `    await ${u.variable}Queue.add('snapshot', { ${v} });`, '  }', '');
  }
  if (rnd.chance(0.4)) {
    lines.push(
      `  async audit(${v}: ${E}): Promise<void> {`,
      `    await this.temporal.workflow.start('audit${u.name}', { args: [${v}], taskQueue: 'audits', workflowId: \`audit-\${${idExpr}}\` });`,
      '  }',
      '',
    );
  }
  if (rnd.chance(0.4)) {
    lines.push(`  async mail(${v}: ${E}): Promise<void> {`, `    await this.boss.send('${u.file}.mail', { ${v}, at: Date.now() });`, '  }', '');
  }
  if (rnd.chance(0.4)) {
    lines.push(
      `  defer(${v}: ${E}): void {`,
      '    setTimeout(() => {',
      `      this.metrics.count(\`${u.file}.\${String(${idExpr})}\`, 1);`,
      '    }, 500);',
      '  }',
      '',
    );
  }
  if (rnd.chance(0.4)) {
    lines.push(`  fireAndForget(${v}: ${E}): void {`, `    void this.recalc(${v});`, '  }', '');
  }
  // Floating promises without entities (no-floating-promises reports these; ours does not).
  lines.push(
    `  kick(id: ${u.orm === 'typeorm' ? 'string' : 'number'}): void {`,
    `    ${u.variable}Queue.add('kick', { ${u.variable}Id: id, reason: 'kick' });`,
    '  }',
    '}',
    '',
  );
  return lines.join('\n');
}

// ---------------------------------------------------------------------------------------------------------------
// Handlers and domain rules: ordinary code around the models (realistic type-checking load, no findings).

function handlerFile(u) {
  const { rnd } = u;
  const idType = u.orm === 'typeorm' ? 'string' : 'number';
  const actorIsNumber = u.actorParam.startsWith('actorId');
  const lines = [
    `import type { ${u.name}Service } from '../services/${u.file}.service';`,
    `import { is${u.name}Dto, type ${u.name}Dto } from '../dto/${u.file}.dto';`,
    `import {`,
    `  validate${u.name},`,
    `  summarize${u.name},`,
    ...fieldsOf(u).map(([n]) => `  compare${u.name}By${upperFirst(n)},`),
    `} from '../domain/${u.file}.rules';`,
    '',
    'export interface HttpRequest<TBody = unknown> {',
    '  params: Record<string, string | undefined>;',
    '  query: Record<string, string | undefined>;',
    '  body: TBody;',
    '  user: { id: string; numericId: number; roles: readonly string[] };',
    '}',
    '',
    'export interface HttpResponse<T> {',
    '  status: number;',
    '  body: T | { error: string };',
    '}',
    '',
    `function parseId(raw: string | undefined): ${idType} {`,
    "  if (raw === undefined) throw new Error('missing id');",
    idType === 'string' ? '  return raw;' : '  const id = Number.parseInt(raw, 10);\n  if (Number.isNaN(id)) throw new Error(`bad id ${raw}`);\n  return id;',
    '}',
    '',
    `export class ${u.name}Handler {`,
    `  constructor(private readonly service: ${u.name}Service) {}`,
    '',
    `  async show(req: HttpRequest): Promise<HttpResponse<${u.name}Dto>> {`,
    '    try {',
    `      const entity = await this.service.get(parseId(req.params.id));`,
    u.orm === 'prisma' || u.orm === 'drizzle'
      ? `      return { status: 200, body: entity as unknown as ${u.name}Dto };`
      : '      return { status: 200, body: this.service.toDto(entity) };',
    '    } catch (error) {',
    "      return { status: 404, body: { error: error instanceof Error ? error.message : 'not found' } };",
    '    }',
    '  }',
    '',
    `  async update(req: HttpRequest): Promise<HttpResponse<{ ok: boolean; problems: string[] }>> {`,
    `    if (!is${u.name}Dto(req.body)) return { status: 400, body: { error: 'invalid body' } };`,
    `    const problems = validate${u.name}(req.body);`,
    '    if (problems.length > 0) return { status: 422, body: { ok: false, problems } };',
    `    const actor = ${actorIsNumber ? 'req.user.numericId' : 'req.user.id'};`,
  ];
  if (u.orm === 'prisma') {
    lines.push(`    await this.service.rename(req.body.id, summarize${u.name}(req.body), actor);`);
  } else if (u.orm === 'drizzle') {
    lines.push(`    await this.service.rename(parseId(req.params.id), summarize${u.name}(req.body), actor);`);
  } else {
    lines.push(`    await this.service.start(parseId(req.params.id), actor);`);
  }
  lines.push('    return { status: 200, body: { ok: true, problems: [] } };', '  }', '');
  const filters = fieldsOf(u).filter(([, t]) => t === 'string' || t === 'number');
  lines.push(
    `  filter(items: readonly ${u.name}Dto[], req: HttpRequest): ${u.name}Dto[] {`,
    '    return items.filter(item => {',
    ...filters.flatMap(([n, t]) => [
      `      const ${n}Filter = req.query.${n};`,
      `      if (${n}Filter !== undefined && ${t === 'number' ? `item.${n} !== Number(${n}Filter)` : `!item.${n}.includes(${n}Filter)`}) return false;`,
    ]),
    '      return true;',
    '    });',
    '  }',
    '',
  );
  lines.push(
    `  sort(items: readonly ${u.name}Dto[], field: string | undefined): ${u.name}Dto[] {`,
    `    let compare: (a: ${u.name}Dto, b: ${u.name}Dto) => number;`,
    '    switch (field) {',
    ...fieldsOf(u).flatMap(([n]) => [`      case '${n}':`, `        compare = compare${u.name}By${upperFirst(n)};`, '        break;']),
    '      default:',
    `        compare = compare${u.name}ById;`,
    '    }',
    '    return [...items].sort(compare);',
    '  }',
    '',
  );
  const roles = rnd.sample(['admin', 'editor', 'viewer', 'auditor', 'owner', 'support'], 3);
  lines.push(
    '  authorize(req: HttpRequest, action: string): boolean {',
    `    const allowed: Record<string, readonly string[]> = {`,
    `      read: [${roles.map(r => `'${r}'`).join(', ')}],`,
    `      write: ['${roles[0]}'],`,
    '    };',
    '    const needed = allowed[action] ?? [];',
    '    return req.user.roles.some(role => needed.includes(role));',
    '  }',
    '',
    '  paginate<T>(items: readonly T[], req: HttpRequest): { items: T[]; next: number | null } {',
    "    const page = Math.max(0, Number(req.query.page ?? '0'));",
    "    const size = Math.min(100, Math.max(1, Number(req.query.size ?? '20')));",
    '    const start = page * size;',
    '    const slice = items.slice(start, start + size);',
    '    return { items: slice, next: start + size < items.length ? page + 1 : null };',
    '  }',
    '}',
    '',
  );
  const tools = toolRegistration(u);
  return tools ? [...tools.imports, ...lines, ...tools.body].join('\n') : lines.join('\n');
}

/**
 * The shape that cost most in real applications (measured on a Sequelize and a TypeORM code base): handlers
 * registered on an untyped host (`registry: any`, a JavaScript plugin API) through a generic wrapper, so typing the
 * dropped `register(...)` call's arguments types the handler's whole body; inside it, ORM finds whose `where` is an
 * `Object.assign({}, ...)` (typing that `{}` means resolving the generic find), a `Promise.all` of finds whose rows a
 * `forEach` callback writes (stamped), and an evolving array filled with `push`. Class ORMs only; draws nothing from
 * the unit's random stream, so every other file stays as it was.
 */
function toolRegistration(u) {
  if (u.orm === 'prisma' || u.orm === 'drizzle') return undefined;
  const E = u.name;
  const name = `list-${u.file}`;
  const title = '`%${query}%`';
  const finds = {
    typeorm: [
      `      const repo = dataSource.getRepository(${E});`,
      '      const [rows, total] = await Promise.all([',
      `        repo.find({ where: Object.assign({}, query ? { title: ILike(${title}) } : {}, { state: 'open' }), order: { updatedAt: 'DESC' }, skip: offset, take: limit }),`,
      "        repo.count({ where: { state: 'open' } }),",
      '      ]);',
    ],
    'mikro-orm': [
      '      const [rows, total] = await Promise.all([',
      `        em.find(${E}, Object.assign({}, query ? { title: { $like: ${title} } } : {}, { state: 'open' }), { orderBy: { updatedAt: 'desc' }, offset, limit }),`,
      `        em.count(${E}, { state: 'open' }),`,
      '      ]);',
    ],
    sequelize: [
      '      const [rows, total] = await Promise.all([',
      `        ${E}.findAll({ where: Object.assign({}, query ? { title: { [Op.iLike]: ${title} } } : {}, { state: 'open' }), order: [['updatedAt', 'DESC']], offset, limit }),`,
      `        ${E}.count({ where: { state: 'open' } }),`,
      '      ]);',
    ],
  }[u.orm];
  const save = { typeorm: '      await repo.save(rows);', 'mikro-orm': '      await em.flush();', sequelize: '      await Promise.all(rows.map(row => row.save()));' }[u.orm];
  const imports = {
    typeorm: ["import { ILike, type DataSource } from 'typeorm';"],
    'mikro-orm': ["import type { EntityManager } from '@mikro-orm/core';"],
    sequelize: ["import { Op } from 'sequelize';"],
  }[u.orm];
  const host = { typeorm: 'dataSource: DataSource', 'mikro-orm': 'em: EntityManager', sequelize: '' }[u.orm];
  return {
    imports: [...imports, `import { ${E} } from '../models/${u.modelFile}';`, "import { registry, traced, type ToolInput } from '../platform/registry';"],
    body: [
      `/** Registers the ${E} tools on the plugin host. */`,
      `export function register${E}Tools(${host}): void {`,
      '  registry.register(',
      `    '${name}',`,
      `    { title: 'List ${E} records', readOnly: false },`,
      `    traced('${name}', async ({ query, offset, limit }: ToolInput, ${u.actorParam}) => {`,
      ...finds,
      '      const items = [];',
      '      for (const row of rows) items.push({ id: row.id, title: row.title, state: row.state });',
      '      rows.forEach(row => {',
      "        row.state = 'listed';",
      ...stampLines(u, 'row', '        '),
      '      });',
      save,
      '      return { items, total };',
      '    }),',
      '  );',
      '}',
      '',
    ],
  };
}

function rulesFile(u) {
  const { rnd } = u;
  const fields = fieldsOf(u);
  const stringFields = fields.filter(([, t]) => t === 'string').map(([n]) => n);
  const numberFields = fields.filter(([, t]) => t === 'number').map(([n]) => n);
  const transitions = rnd.sample(STATES, 5);
  const perField = [];
  for (const [n, t] of fields) {
    const F = upperFirst(n);
    if (t === 'string') {
      perField.push(
        `export function normalize${u.name}${F}(value: string): string {`,
        "  const trimmed = value.trim().replace(/\\s+/g, ' ');",
        `  return trimmed.length > ${rnd.int(40, 200)} ? trimmed.slice(0, ${rnd.int(20, 40)}) : trimmed;`,
        '}',
        '',
      );
    } else if (t === 'number') {
      perField.push(
        `export function clamp${u.name}${F}(value: number, min = 0, max = ${rnd.int(10, 10000)}): number {`,
        '  if (Number.isNaN(value)) return min;',
        '  return Math.min(max, Math.max(min, value));',
        '}',
        '',
      );
    } else if (t.startsWith('Date')) {
      perField.push(
        `export function format${u.name}${F}(value: ${t}): string {`,
        `  if (${t === 'Date' ? 'false' : 'value === null'}) return '-';`,
        "  return value.toISOString().replace('T', ' ').slice(0, 16);",
        '}',
        '',
      );
    }
    perField.push(
      `export function compare${u.name}By${F}(a: ${u.name}Dto, b: ${u.name}Dto): number {`,
      `  const left = a.${n};`,
      `  const right = b.${n};`,
      '  if (left === right) return 0;',
      '  if (left === null) return -1;',
      '  if (right === null) return 1;',
      '  return left < right ? -1 : 1;',
      '}',
      '',
    );
  }
  const lines = [
    `import type { ${u.name}Dto } from '../dto/${u.file}.dto';`,
    '',
    ...perField,
    `export const ${u.variable}States = [${transitions.map(s => `'${s}'`).join(', ')}] as const;`,
    `export type ${u.name}State = (typeof ${u.variable}States)[number];`,
    '',
    `const transitions: Record<${u.name}State, readonly ${u.name}State[]> = {`,
    ...transitions.map((s, i) => `  ${s}: [${transitions.filter((_, j) => j === i + 1 || j === 0).map(t => `'${t}'`).join(', ')}],`),
    '};',
    '',
    `export function canMove${u.name}(from: string, to: string): boolean {`,
    `  const allowed = (transitions as Record<string, readonly string[] | undefined>)[from];`,
    '  return allowed?.includes(to) ?? false;',
    '}',
    '',
    `export function validate${u.name}(dto: ${u.name}Dto): string[] {`,
    '  const problems: string[] = [];',
    ...stringFields.map(n => `  if (dto.${n}.length > 255) problems.push('${n} is too long');`),
    ...numberFields.map(n => `  if (!Number.isFinite(dto.${n}) || dto.${n} < 0) problems.push('${n} must be a positive number');`),
    `  if (!${u.variable}States.includes(dto.${stringFields.includes('state') ? 'state' : stringFields[0] ?? 'id'} as ${u.name}State)) problems.push('unknown state');`,
    '  return problems;',
    '}',
    '',
    `export function summarize${u.name}(dto: ${u.name}Dto): string {`,
    '  const parts: string[] = [];',
    ...stringFields.slice(0, 4).map(n => `  if (dto.${n}) parts.push(\`${n}=\${dto.${n}}\`);`),
    ...numberFields.slice(0, 3).map(n => `  parts.push(\`${n}=\${dto.${n}.toFixed(0)}\`);`),
    "  return parts.join(', ');",
    '}',
    '',
    `export function score${u.name}(items: readonly ${u.name}Dto[], weights: ReadonlyMap<string, number>): number {`,
    '  let total = 0;',
    '  for (const [index, item] of items.entries()) {',
    `    const weight = weights.get(String(item.${u.orm === 'prisma' ? 'id' : 'state'})) ?? 1;`,
    ...numberFields.slice(0, 2).map(n => `    total += item.${n} * weight;`),
    '    total += index / (items.length + 1);',
    '  }',
    '  return Math.round(total * 100) / 100;',
    '}',
    '',
    `export function group${u.name}ByDay(items: readonly ${u.name}Dto[]): Map<string, ${u.name}Dto[]> {`,
    `  const groups = new Map<string, ${u.name}Dto[]>();`,
    '  for (const item of items) {',
    `    const day = item.${u.timestamp ?? 'updatedAt'}.toISOString().slice(0, 10);`,
    '    const bucket = groups.get(day) ?? [];',
    '    bucket.push(item);',
    '    groups.set(day, bucket);',
    '  }',
    '  return groups;',
    '}',
    '',
    `export function latest${u.name}(items: readonly ${u.name}Dto[]): ${u.name}Dto | undefined {`,
    `  return [...items].sort((a, b) => b.${u.timestamp ?? 'updatedAt'}.getTime() - a.${u.timestamp ?? 'updatedAt'}.getTime())[0];`,
    '}',
    '',
  ];
  return lines.join('\n');
}

// ---------------------------------------------------------------------------------------------------------------
// Shared files

function barrel(units) {
  const lines = ['// Models barrel: every model of the project.', "export type { Cycle, Phase } from '@prisma/client';"];
  for (const u of units) lines.push(`export * from './${u.modelFile}';`);
  return lines.join('\n') + '\n';
}

const METRICS = `/** A tiny metrics client (async sink). */
export class Metrics {
  private readonly counters = new Map<string, number>();

  count(name: string, by: number): void {
    this.counters.set(name, (this.counters.get(name) ?? 0) + by);
  }

  gauge(name: string, value: number): void {
    this.counters.set(name, value);
  }

  async track(value: number): Promise<void> {
    await Promise.resolve(value);
  }

  snapshot(): Record<string, number> {
    return Object.fromEntries(this.counters);
  }
}
`;

const REGISTRY = `/** The host of tool plugins: a JavaScript package without types, so every call on it is \`any\`. */
export const registry: any = (globalThis as { toolRegistry?: unknown }).toolRegistry;

export interface ToolInput {
  query?: string;
  offset?: number;
  limit?: number;
}

/** Wraps a tool handler for tracing; keeps its type. */
export function traced<F extends (...args: any[]) => any>(name: string, handler: F): F {
  return ((...args: Parameters<F>) => {
    console.debug(name);
    return handler(...args);
  }) as F;
}
`;

const TSCONFIG = `{
  "compilerOptions": {
    "target": "ES2022",
    "module": "ESNext",
    "moduleResolution": "Bundler",
    "lib": ["ES2023"],
    "types": ["node"],
    "strict": true,
    "experimentalDecorators": true,
    "emitDecoratorMetadata": true,
    "skipLibCheck": true,
    "noEmit": true,
    "strictPropertyInitialization": false
  },
  "include": ["src/**/*.ts"]
}
`;

/**
 * Generates the project in memory. Returns `{ files: Map<relativePath, text>, manifest }`; file order and content
 * depend only on `scale` and `seed` (`units` overrides `50 × scale`, for quick smoke runs).
 */
export function generateProject({ scale = 1, seed = 1, units: unitCount } = {}) {
  if (!Number.isInteger(scale) || scale < 1) throw new Error(`scale must be a positive integer, got ${scale}`);
  const count = unitCount ?? UNITS_PER_SCALE * scale;
  if (!Number.isInteger(count) || count < 5) throw new Error(`units must be an integer ≥ 5, got ${count}`);
  const units = Array.from({ length: count }, (_, i) => describeUnit(seed, i));
  const files = new Map();
  files.set('tsconfig.json', TSCONFIG);
  files.set('src/infra/metrics.ts', METRICS);
  files.set('src/platform/registry.ts', REGISTRY);
  for (const u of units) {
    // Each file draws from the unit's own random stream in a fixed order.
    const model = { typeorm: typeormModel, 'mikro-orm': mikroModel, sequelize: sequelizeModel, prisma: prismaModel, drizzle: drizzleModel }[u.orm];
    files.set(`src/models/${u.modelFile}.ts`, model(u, units));
    files.set(`src/dto/${u.file}.dto.ts`, dtoFile(u));
    const service = u.orm === 'prisma' ? prismaService : u.orm === 'drizzle' ? drizzleService : classService;
    // Units only reference models of earlier units of their block of 50, so scale 2 keeps scale 1's files as they are.
    const block = units.slice(Math.floor(u.index / UNITS_PER_SCALE) * UNITS_PER_SCALE, (Math.floor(u.index / UNITS_PER_SCALE) + 1) * UNITS_PER_SCALE);
    files.set(`src/services/${u.file}.service.ts`, service(u, block));
    files.set(`src/jobs/${u.file}.jobs.ts`, jobsFile(u));
    files.set(`src/handlers/${u.file}.handler.ts`, handlerFile(u));
    files.set(`src/domain/${u.file}.rules.ts`, rulesFile(u));
  }
  files.set('src/models/index.ts', barrel(units));
  let lines = 0;
  let tsFiles = 0;
  for (const [file, text] of files) {
    if (!file.endsWith('.ts')) continue;
    tsFiles++;
    lines += text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
  }
  const byOrm = Object.fromEntries(ORMS.map(o => [o, units.filter(u => u.orm === o).length]));
  return { files, manifest: { scale, seed, units: count, files: tsFiles, lines, byOrm } };
}

/** Writes the files into `dir`, replacing whatever a previous generation left there. */
export function writeProject(dir, files) {
  rmSync(dir, { recursive: true, force: true });
  for (const [file, text] of files) {
    const target = path.join(dir, file);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, text);
  }
}

/** The linted source files of a generated project, sorted (absolute paths). */
export function sourceFiles(dir) {
  const out = [];
  const walk = d => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.ts')) out.push(full);
    }
  };
  walk(path.join(dir, 'src'));
  return out.sort();
}
