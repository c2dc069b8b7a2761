// Regenerates the sample province in migrations-plan/ (deterministic: same seed, same files).
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateProvince, SAMPLE_SIZE } from './generate/province.ts';

const dir = fileURLToPath(new URL('..', import.meta.url));
await rm(join(dir, 'systems'), { recursive: true, force: true });
const texts = generateProvince(SAMPLE_SIZE);
for (const t of texts) {
  await mkdir(dirname(join(dir, t.name)), { recursive: true });
  await writeFile(join(dir, t.name), t.text);
}
console.log(`wrote ${texts.length} plan files to ${dir}`);
