// The settings validator is our own (the published plugin depends on @typescript-eslint/* only); its errors must be
// the ones ESLint's validator, ajv 6, gives for the same schema and data, since the settings messages are built
// from them.
import Ajv from 'ajv';
import { describe, expect, it } from 'vitest';
import { validateSchema } from '../../src/util/json-schema.js';
import { settingsSchema } from '../../src/util/settings.js';

const ajv = new Ajv({ allErrors: true, jsonPointers: false });
const ajvValidate = ajv.compile(settingsSchema);
const ajvErrors = (data: unknown) => {
  ajvValidate(data);
  return (ajvValidate.errors ?? []).map(({ keyword, dataPath, schemaPath, message }) => ({ keyword, dataPath, schemaPath, message }));
};
const ours = (data: unknown) => validateSchema(settingsSchema, data).map(({ keyword, dataPath, schemaPath, message }) => ({ keyword, dataPath, schemaPath, message }));

const samples: [string, unknown][] = [
  ['valid', { modelModules: ['@/models'], entityTypes: ['Ledger', { from: 'file', name: ['A', 'B'], path: 'x.ts' }] }],
  ['not an object', '@/models'],
  ['an array', []],
  ['unknown keys', { modelModule: ['@/models'], 'odd-key': 1 }],
  ['wrong types', { timestampFields: 'updatedAt', actorFields: [1, 'x'], modelModules: null }],
  ['specifier without package', { entityTypes: [{ from: 'package', name: 'X' }] }],
  ['specifier with unknown from', { entityTypes: [{ from: 'elsewhere', name: 'Y' }, 3] }],
  ['specifier names', { entityTypes: [{ from: 'lib', name: [] }, { from: 'lib', name: ['A', 'A'] }, { from: 'file', name: 3 }] }],
  ['specifier extra key', { entityTypes: [{ from: 'file', name: 'A', package: 'p' }] }],
  ['managed fields', { managedFields: ['updatedBy', { entity: 'X' }, { entity: 'X', field: 'y', z: 1 }, 4] }],
];

describe('validateSchema', () => {
  for (const [name, data] of samples) {
    it(`gives ajv's errors: ${name}`, () => {
      expect(ours(data)).toEqual(ajvErrors(data));
    });
  }

  it('finds the problems it must (the comparison above is not vacuous)', () => {
    expect(ours(samples[0]![1])).toEqual([]);
    for (const [, data] of samples.slice(1)) expect(ours(data).length).toBeGreaterThan(0);
  });
});
