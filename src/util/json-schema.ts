import type { JSONSchema } from '@typescript-eslint/utils';

/**
 * A validation error, shaped as ajv 6 (ESLint's own validator) reports one: `dataPath` in its dotted form
 * (`.entityTypes[0].from`), `schemaPath` as a JSON pointer fragment (`#/properties/entityTypes/items/oneOf/3/required`).
 */
export interface SchemaError {
  readonly keyword: string;
  readonly dataPath: string;
  readonly schemaPath: string;
  readonly message: string;
  readonly params: Readonly<Record<string, unknown>>;
}

/**
 * Validates `data` against the subset of JSON Schema (draft 4) that rule options and this plugin's settings use:
 * `type`, `enum`, `properties`, `required`, `additionalProperties`, `items` (one schema), `minItems`, `uniqueItems` and
 * `oneOf`; other keywords (`description`, ...) are ignored. Every error is collected, in ajv's order, with ajv's
 * messages, so the plugin needs no validator of its own as a dependency (`ajv` is ESLint's, not ours to import).
 */
export function validateSchema(schema: JSONSchema.JSONSchema4, data: unknown): SchemaError[] {
  const errors: SchemaError[] = [];
  check(schema, data, '', '#', errors);
  return errors;
}

type JsonType = 'array' | 'boolean' | 'integer' | 'null' | 'number' | 'object' | 'string';

function isType(data: unknown, type: JsonType): boolean {
  switch (type) {
    case 'array':
      return Array.isArray(data);
    case 'object':
      return typeof data === 'object' && data !== null && !Array.isArray(data);
    case 'null':
      return data === null;
    case 'integer':
      return Number.isInteger(data);
    default:
      return typeof data === type;
  }
}

const propertyPath = (key: string): string => (/^[A-Za-z_$][\w$]*$/u.test(key) ? `.${key}` : `['${key.replace(/'/gu, "\\'")}']`);

/** The keywords read here, as one shape (`JSONSchema4` is a union by type). */
interface Keywords {
  type?: JsonType | JsonType[];
  enum?: readonly unknown[];
  required?: readonly string[] | boolean;
  properties?: Record<string, JSONSchema.JSONSchema4>;
  additionalProperties?: unknown;
  items?: JSONSchema.JSONSchema4 | JSONSchema.JSONSchema4[];
  minItems?: number;
  uniqueItems?: boolean;
  oneOf?: JSONSchema.JSONSchema4[];
}

function check(json: JSONSchema.JSONSchema4, data: unknown, dataPath: string, schemaPath: string, errors: SchemaError[]): void {
  const schema = json as Keywords;
  const error = (keyword: string, message: string, params: Record<string, unknown> = {}, path = dataPath): void => {
    errors.push({ keyword, dataPath: path, schemaPath: `${schemaPath}/${keyword}`, message, params });
  };
  const types = schema.type === undefined ? [] : Array.isArray(schema.type) ? schema.type : [schema.type];
  const typeFits = types.length === 0 || types.some(type => isType(data, type));
  if (!typeFits) error('type', `should be ${types.join(',')}`, { type: types.join(',') });

  if (schema.enum && !schema.enum.some(value => value === data)) {
    error('enum', 'should be equal to one of the allowed values', { allowedValues: schema.enum });
  }

  if (typeFits && isType(data, 'object')) {
    const object = data as Record<string, unknown>;
    const properties = schema.properties ?? {};
    const required = new Set<string>(typeof schema.required === 'object' ? schema.required : []);
    const missing = (key: string): void => {
      error('required', `should have required property '${key}'`, { missingProperty: key });
    };
    // As ajv: a required key without a schema of its own is checked first, one with a schema where its schema is.
    for (const key of required) if (!(key in properties) && object[key] === undefined) missing(key);
    if (schema.additionalProperties === false) {
      for (const key of Object.keys(object)) {
        if (!(key in properties)) {
          error('additionalProperties', 'should NOT have additional properties', { additionalProperty: key });
        }
      }
    }
    for (const [key, propertySchema] of Object.entries(properties)) {
      if (object[key] !== undefined) check(propertySchema, object[key], `${dataPath}${propertyPath(key)}`, `${schemaPath}/properties/${key}`, errors);
      else if (required.has(key)) missing(key);
    }
  }

  if (typeFits && Array.isArray(data)) {
    if (schema.minItems !== undefined && data.length < schema.minItems) {
      error('minItems', `should NOT have fewer than ${schema.minItems} items`, { limit: schema.minItems });
    }
    if (schema.uniqueItems === true) {
      const first = data.findIndex((item, i) => data.indexOf(item) !== i);
      if (first !== -1) {
        const earlier = data.indexOf(data[first]);
        error('uniqueItems', `should NOT have duplicate items (items ## ${first} and ${earlier} are identical)`, { i: first, j: earlier });
      }
    }
    const items = schema.items;
    if (items && !Array.isArray(items)) {
      data.forEach((item, i) => {
        check(items, item, `${dataPath}[${i}]`, `${schemaPath}/items`, errors);
      });
    }
  }

  if (schema.oneOf) {
    const branchErrors: SchemaError[] = [];
    let passing = 0;
    schema.oneOf.forEach((branch, i) => {
      const before = branchErrors.length;
      check(branch, data, dataPath, `${schemaPath}/oneOf/${i}`, branchErrors);
      if (branchErrors.length === before) passing++;
    });
    if (passing !== 1) {
      if (passing === 0) errors.push(...branchErrors);
      error('oneOf', 'should match exactly one schema in oneOf', { passingSchemas: passing });
    }
  }
}
