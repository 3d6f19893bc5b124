import { describe, expect, it } from 'vitest';
import { generateProject, UNITS_PER_SCALE } from '../bench/generate.mjs';

// The benchmark's generator (bench/generate.mjs). No timing is asserted anywhere: figures live in docs/performance.md.
describe('bench project generator', () => {
  const scale1 = generateProject({ scale: 1, seed: 1 });

  it('is deterministic: the same seed gives identical files in the same order', () => {
    const again = generateProject({ scale: 1, seed: 1 });
    expect([...again.files.keys()]).toEqual([...scale1.files.keys()]);
    for (const [file, text] of scale1.files) expect(again.files.get(file), file).toBe(text);
    expect(again.manifest).toEqual(scale1.manifest);
  });

  it('depends on the seed', () => {
    const other = generateProject({ scale: 1, seed: 2 });
    const differing = [...scale1.files].filter(([file, text]) => other.files.get(file) !== text);
    expect(differing.length).toBeGreaterThan(100);
  });

  it('makes scale 1 about 300 files and 50k lines, all five ORMs alike', () => {
    expect(scale1.manifest.units).toBe(UNITS_PER_SCALE);
    expect(scale1.manifest.files).toBeGreaterThanOrEqual(280);
    expect(scale1.manifest.files).toBeLessThanOrEqual(320);
    expect(scale1.manifest.lines).toBeGreaterThanOrEqual(45_000);
    expect(scale1.manifest.lines).toBeLessThanOrEqual(55_000);
    expect(scale1.manifest.byOrm).toEqual({ typeorm: 10, 'mikro-orm': 10, sequelize: 10, prisma: 10, drizzle: 10 });
  });

  it('doubles with each scale step and keeps the smaller scale’s files unchanged', () => {
    const scale2 = generateProject({ scale: 2, seed: 1 });
    const scale4 = generateProject({ scale: 4, seed: 1 });
    for (const [larger, factor] of [
      [scale2, 2],
      [scale4, 4],
    ] as const) {
      expect(larger.manifest.units).toBe(UNITS_PER_SCALE * factor);
      expect(larger.manifest.files / scale1.manifest.files).toBeCloseTo(factor, 1);
      const lineFactor = larger.manifest.lines / scale1.manifest.lines;
      expect(lineFactor).toBeGreaterThan(factor * 0.95);
      expect(lineFactor).toBeLessThan(factor * 1.05);
    }
    // Only the barrel lists more models; every other file of scale 1 is byte-identical at scale 2.
    const changed = [...scale1.files].filter(([file, text]) => scale2.files.get(file) !== text).map(([file]) => file);
    expect(changed).toEqual(['src/models/index.ts']);
  });

  it('writes every kind of code the rules look at', () => {
    const all = [...scale1.files.values()].join('\n');
    const services = [...scale1.files].filter(([file]) => file.startsWith('src/services/'));
    // Entities of each ORM, a barrel re-exporting every model file, DTOs with the same field names.
    expect(all).toContain("from 'typeorm'");
    expect(all).toContain("from '@mikro-orm/core'");
    expect(all).toContain("from 'sequelize-typescript'");
    expect(all).toContain("from '@prisma/client'");
    expect(all).toContain("from 'drizzle-orm/pg-core'");
    const barrel = scale1.files.get('src/models/index.ts')!;
    const modelFiles = [...scale1.files.keys()].filter(f => /^src\/models\/[^/]+\/.+\.ts$/u.test(f));
    expect(barrel.match(/^export \* from/gmu)?.length).toBe(modelFiles.length);
    expect(scale1.files.get('src/dto/order.dto.ts')).toMatch(/export interface OrderDto \{[^}]*updatedAt: Date;/u);
    // Stamped and unstamped mutations, write calls, queue/workflow/timer calls with entities and ids.
    const order = scale1.files.get('src/services/order.service.ts')!;
    expect(order).toMatch(/order\.updatedBy = userId;/u);
    expect(order).toMatch(/async rename\(id: string, title: string\): Promise<Order> \{\n[^\n]+\n {4}order\.title = title;\n {4}await this\.repo\.save\(order\);/u);
    expect(all).toMatch(/Queue\.add\('snapshot', \{ \w+ \}\)/u);
    expect(all).toMatch(/workflow\.start\('review\w+', \{\n {6}args: \[\w+\.id\]/u);
    expect(all).toContain('setTimeout(() => {');
    // Real applications' costliest shape: handlers registered on an untyped host through a generic wrapper, with ORM
    // finds whose where is an Object.assign({}, ...), rows written in a forEach callback, an evolving array.
    expect(scale1.files.get('src/platform/registry.ts')).toMatch(/export const registry: any/u);
    const tools = [...scale1.files].filter(([file, text]) => file.startsWith('src/handlers/') && text.includes('registry.register('));
    expect(tools.length).toBe(30);
    expect(tools.every(([, text]) => /traced\('list-[\w-]+', async/u.test(text) && text.includes('Object.assign({}, query ?') && text.includes('rows.forEach(row => {'))).toBe(true);
    // Some services use another unit's model without importing it.
    const unimported = services.filter(([, text]) => {
      const used = /getRepository\((\w+)\)\.count\(\)|em\.count\((\w+), \{\}\)|await (\w+)\.count\(\)/u.exec(text);
      const name = used?.[1] ?? used?.[2] ?? used?.[3];
      return name !== undefined && !new RegExp(`import \\{ ${name} \\}`, 'u').test(text);
    });
    expect(unimported.length).toBeGreaterThan(3);
  });
});
