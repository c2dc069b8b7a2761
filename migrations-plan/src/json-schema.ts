// JSON Schemas generated from the zod schema, one per kind of plan file, so that editors
// (yaml-language-server) validate the YAML as it is typed.
import { z } from 'zod';
import { FILE_KINDS, type FileKind } from './schema.ts';

export function jsonSchemas(): Record<FileKind, object> {
  const out = {} as Record<FileKind, object>;
  for (const [kind, schema] of Object.entries(FILE_KINDS) as [FileKind, z.ZodType][]) {
    out[kind] = {
      ...z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }),
      title: `Yunqian migration plan: ${kind}`,
    };
  }
  return out;
}

export const schemaFileName = (kind: FileKind) => `${kind}.schema.json`;
