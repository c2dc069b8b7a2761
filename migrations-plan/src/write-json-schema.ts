// Regenerates migrations-plan/schema/*.json from the zod schema (pnpm plan:schema).
import { writeFile, mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { jsonSchemas, schemaFileName } from './json-schema.ts';
import type { FileKind } from './schema.ts';

const dir = fileURLToPath(new URL('../schema/', import.meta.url));
await mkdir(dir, { recursive: true });
for (const [kind, schema] of Object.entries(jsonSchemas())) {
  await writeFile(dir + schemaFileName(kind as FileKind), JSON.stringify(schema, null, 2) + '\n');
}
console.log(`wrote ${Object.keys(jsonSchemas()).length} schemas to ${dir}`);
