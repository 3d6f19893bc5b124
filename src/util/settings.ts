import { typeOrValueSpecifiersSchema, type TypeOrValueSpecifier } from '@typescript-eslint/type-utils';
import type { JSONSchema, TSESLint } from '@typescript-eslint/utils';
import { configurationError } from './configuration-error.js';
import { validateSchema, type SchemaError } from './json-schema.js';

/** A field the project maintains itself (subscriber, CLS hook, Prisma extension): a name, or a name on one entity. */
export type ManagedField = string | { entity: string; field: string };

/** `settings['orm-hygiene']`, shared by every rule of this plugin, with defaults applied. */
export interface OrmHygieneSettings {
  /** Extra types to treat as (tracked) entities, by declaring package/file. */
  entityTypes: TypeOrValueSpecifier[];
  /** Property names that hold the modification time, in order of preference. */
  timestampFields: string[];
  /** Property names that hold the modifying actor, in order of preference. */
  actorFields: string[];
  /** Audit fields filled by code the rules cannot see; treated as maintained on every write path. */
  managedFields: ManagedField[];
  /** Module specifiers whose exports are models (e.g. `@/models`). */
  modelModules: string[];
}

export const SETTINGS_KEY = 'orm-hygiene';

export const defaultSettings: OrmHygieneSettings = {
  entityTypes: [],
  timestampFields: [
    'updatedAt',
    'updated_at',
    'modifiedAt',
    'modified_at',
    'lastModifiedAt',
    'last_modified_at',
    'lastUpdatedAt',
    'last_updated_at',
    'updatedDate',
    'updated_date',
    'modifiedDate',
    'modified_date',
    'updatedOn',
    'updated_on',
  ],
  actorFields: [
    'updatedBy',
    'updated_by',
    'updatedById',
    'updated_by_id',
    'updatedByUserId',
    'updated_by_user_id',
    'lastModifiedBy',
    'last_modified_by',
    'lastModifiedById',
    'last_modified_by_id',
    'lastModifiedByUserId',
    'lastUpdatedBy',
    'last_updated_by',
    'lastUpdatedById',
    'last_updated_by_id',
    'modifiedBy',
    'modified_by',
    'modifiedById',
    'modified_by_id',
    'modifiedByUserId',
  ],
  managedFields: [],
  modelModules: [],
};

const stringList = (description: string): JSONSchema.JSONSchema4 => ({ type: 'array', items: { type: 'string' }, description });

/**
 * The JSON schema of `settings['orm-hygiene']`, in the schema language of rule options; its descriptions are the
 * README's settings table (`npm run docs` writes it, `npm run lint:docs` checks it).
 */
export const settingsSchema: JSONSchema.JSONSchema4 = {
  type: 'object',
  additionalProperties: false,
  properties: {
    entityTypes: {
      ...typeOrValueSpecifiersSchema,
      description:
        "Extra entities, each named by a [`TypeOrValueSpecifier`](https://typescript-eslint.io/packages/type-utils/type-or-value-specifier): a type (`{ from: 'file', name: 'AuditedRecord' }`), a base class (every class that extends it is an entity) or a decorator (every class it decorates). See [Naming your own entities](#naming-your-own-entities).",
    },
    timestampFields: stringList(
      "Property names that hold the modification time, in order of preference. A property the ORM itself marks as the update timestamp (TypeORM `@UpdateDateColumn`, MikroORM `onUpdate`, sequelize-typescript `@UpdatedAt` or `updatedAt: 'name'`, Prisma `@updatedAt`, Drizzle `$onUpdate`) is found whatever its name.",
    ),
    actorFields: stringList(
      'Property names that hold the modifying user, in order of preference; associations (`@BelongsTo`, `@OneToMany`, ...) are never picked, an owning `@ManyToOne` is.',
    ),
    managedFields: {
      type: 'array',
      items: {
        oneOf: [
          { type: 'string' },
          {
            type: 'object',
            additionalProperties: false,
            required: ['entity', 'field'],
            properties: { entity: { type: 'string' }, field: { type: 'string' } },
          },
        ],
      },
      description:
        'Audit fields your own code fills where the rules cannot see it (CLS hooks, Prisma extensions; TypeORM/MikroORM subscribers and Sequelize hooks are read from the program, see [require-audit-fields](docs/rules/require-audit-fields.md#fields-filled-by-subscribers-and-hooks)): a field name, or `{ entity, field }`.',
    },
    modelModules: stringList('Module specifiers whose exports are models (e.g. `[\'@/models\']`), for `no-unimported-models`.'),
  },
};

const parsed = new WeakMap<object, OrmHygieneSettings>();

/** A `.a[0].b` data path under `settings['orm-hygiene']`. */
function where(dataPath: string): string {
  return `settings['${SETTINGS_KEY}']${dataPath}`;
}

/**
 * One line per problem. A `oneOf` (a string or one of several object shapes) reports the errors of the shape the
 * value picked (its type and its `from` fit), or else that it matches none of them. `scope` is the schema path of the
 * `oneOf` branch being read (`''` at the top).
 */
function problems(errors: readonly SchemaError[], scope = ''): string[] {
  const branchOf = (error: SchemaError): string | undefined => {
    const match = /^(.*?\/oneOf\/\d+)\//u.exec(error.schemaPath.slice(scope.length));
    return match ? `${scope}${match[1]!}` : undefined;
  };
  const branches = new Map<string, SchemaError[]>();
  for (const error of errors) {
    const branch = branchOf(error);
    if (branch !== undefined) branches.set(branch, [...(branches.get(branch) ?? []), error]);
  }
  const lines: string[] = [];
  for (const error of errors) {
    if (branchOf(error) !== undefined) continue;
    if (error.keyword === 'oneOf') {
      const under = (e: SchemaError): boolean =>
        e.dataPath === error.dataPath || e.dataPath.startsWith(`${error.dataPath}.`) || e.dataPath.startsWith(`${error.dataPath}[`);
      const picked = [...branches]
        .filter(([branch]) => branch.startsWith(`${error.schemaPath}/`))
        .map(([branch, list]) => [branch, list.filter(under)] as const)
        .filter(
          ([, list]) =>
            !list.some(e => (e.keyword === 'type' && e.dataPath === error.dataPath) || (e.keyword === 'enum' && e.dataPath === `${error.dataPath}.from`)),
        );
      if (picked.length === 1) lines.push(...problems(picked[0]![1], picked[0]![0]));
      else lines.push(`${where(error.dataPath)} matches none of the forms it can take`);
    } else if (error.keyword === 'additionalProperties') {
      const key = String(error.params.additionalProperty);
      lines.push(`${where(error.dataPath)} has an unknown key '${key}'`);
    } else {
      lines.push(`${where(error.dataPath)} ${error.message}`);
    }
  }
  return [...new Set(lines)];
}

/** Reads and validates `settings['orm-hygiene']` once per settings object; every problem is in one error. */
export function parseSettings(raw: unknown): OrmHygieneSettings {
  if (raw === undefined || raw === null) return defaultSettings;
  const cached = typeof raw === 'object' ? parsed.get(raw) : undefined;
  if (cached) return cached;
  const errors = validateSchema(settingsSchema, raw);
  if (errors.length > 0) {
    const lines = problems(errors);
    throw configurationError(
      `eslint-plugin-orm-hygiene: invalid settings['${SETTINGS_KEY}'] (see the README section "Settings"):\n${lines.map(l => `  - ${l}`).join('\n')}`,
    );
  }
  const s = raw as Partial<OrmHygieneSettings>;
  const result: OrmHygieneSettings = {
    entityTypes: s.entityTypes ?? defaultSettings.entityTypes,
    timestampFields: s.timestampFields ?? defaultSettings.timestampFields,
    actorFields: s.actorFields ?? defaultSettings.actorFields,
    managedFields: s.managedFields ?? defaultSettings.managedFields,
    modelModules: s.modelModules ?? defaultSettings.modelModules,
  };
  parsed.set(raw, result);
  return result;
}

export function getSettings(context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>): OrmHygieneSettings {
  return parseSettings(context.settings[SETTINGS_KEY]);
}
