import type { TypeOrValueSpecifier } from '@typescript-eslint/type-utils';
import type { TSESLint } from '@typescript-eslint/utils';

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
  timestampFields: ['updatedAt', 'updated_at', 'modifiedAt'],
  actorFields: ['updatedBy', 'updated_by', 'updatedById', 'updatedByUserId', 'lastModifiedBy', 'lastModifiedById'],
  managedFields: [],
  modelModules: [],
};

const parsed = new WeakMap<object, OrmHygieneSettings>();

function fail(key: string, expected: string): never {
  throw new Error(
    `eslint-plugin-orm-hygiene: settings['${SETTINGS_KEY}'].${key} must be ${expected}. See the README section "Settings".`,
  );
}

function stringArray(value: unknown, key: string): string[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || !value.every((v): v is string => typeof v === 'string')) {
    fail(key, 'an array of strings');
  }
  return value;
}

function isSpecifier(value: unknown): value is TypeOrValueSpecifier {
  if (typeof value === 'string') return true;
  if (typeof value !== 'object' || value === null) return false;
  const { from, name } = value as { from?: unknown; name?: unknown };
  const nameOk = typeof name === 'string' || (Array.isArray(name) && name.every(n => typeof n === 'string'));
  return nameOk && (from === 'file' || from === 'lib' || from === 'package');
}

function isManagedField(value: unknown): value is ManagedField {
  if (typeof value === 'string') return true;
  if (typeof value !== 'object' || value === null) return false;
  const { entity, field } = value as { entity?: unknown; field?: unknown };
  return typeof entity === 'string' && typeof field === 'string';
}

/** Reads and validates `settings['orm-hygiene']`; a malformed value throws one clear configuration error. */
export function parseSettings(raw: unknown): OrmHygieneSettings {
  if (raw === undefined || raw === null) return defaultSettings;
  if (typeof raw !== 'object') fail('', 'an object');
  const cached = parsed.get(raw);
  if (cached) return cached;
  const s = raw as Record<string, unknown>;
  const known = new Set(Object.keys(defaultSettings));
  for (const key of Object.keys(s)) {
    if (!known.has(key)) fail(key, `one of ${[...known].join(', ')} (unknown key)`);
  }
  const entityTypes = s.entityTypes;
  if (entityTypes !== undefined && !(Array.isArray(entityTypes) && entityTypes.every(isSpecifier))) {
    fail('entityTypes', 'an array of TypeOrValueSpecifier (a type name, or { from, name, package|path })');
  }
  const managedFields = s.managedFields;
  if (managedFields !== undefined && !(Array.isArray(managedFields) && managedFields.every(isManagedField))) {
    fail('managedFields', 'an array of field names or { entity, field } objects');
  }
  const result: OrmHygieneSettings = {
    entityTypes: entityTypes ?? defaultSettings.entityTypes,
    timestampFields: stringArray(s.timestampFields, 'timestampFields') ?? defaultSettings.timestampFields,
    actorFields: stringArray(s.actorFields, 'actorFields') ?? defaultSettings.actorFields,
    managedFields: managedFields ?? defaultSettings.managedFields,
    modelModules: stringArray(s.modelModules, 'modelModules') ?? defaultSettings.modelModules,
  };
  parsed.set(raw, result);
  return result;
}

export function getSettings(context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>): OrmHygieneSettings {
  return parseSettings(context.settings[SETTINGS_KEY]);
}
