import { describe, expect, it } from 'vitest';
import { gzipSync } from 'node:zlib';
import { decompress } from '../../src/sources/pulumi/diy.ts';
import { CheckpointError } from '../../src/sources/pulumi/checkpoint.ts';

describe('compressed stack state', () => {
  it('stops a gzip bomb at the limit instead of inflating it', async () => {
    // 64 MiB of zeros compress to about 64 KiB: a small file that would fill the memory.
    const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024));
    expect(bomb.length).toBeLessThan(200 * 1024);
    await expect(decompress(bomb, 'stacks/p/dev.json.gz', 1024 * 1024)).rejects.toThrow(CheckpointError);
    await expect(decompress(bomb, 'stacks/p/dev.json.gz', 1024 * 1024)).rejects.toThrow(/cannot gunzip/);
    // Within the limit it reads.
    expect(await decompress(gzipSync('{"version":3}'), 'ok.json.gz', 1024)).toBe('{"version":3}');
  });
});
