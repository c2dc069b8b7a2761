import { describe, expect, it } from 'vitest';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/config/config.ts';

describe('configuration', () => {
  it('has working defaults', () => {
    const c = loadConfig({});
    expect(c.server.port).toBe(8080);
    expect(c.sandbox.speed).toBe(1440);
    expect(c.tenancy.labelPrefix).toBe('yunqian.gov.cn');
  });
  it('names the setting and the environment variable that is wrong', () => {
    expect(() => loadConfig({ YUNQIAN_PORT: 'eighty' })).toThrow(/server\.port \(from YUNQIAN_PORT\)/);
    expect(() => loadConfig({ YUNQIAN_LOG_LEVEL: 'loud' })).toThrow(/log\.level \(from YUNQIAN_LOG_LEVEL\)/);
  });
  it('names the setting and the file that is wrong, and rejects unknown settings', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'yq-cfg-'));
    const file = join(dir, 'yunqian.yaml');
    await writeFile(file, 'server:\n  port: 99999\ntracker:\n  runingForMinutes: 5\n');
    expect(() => loadConfig({ YUNQIAN_CONFIG: file })).toThrow(
      new RegExp(`server\\.port \\(in ${file}\\)[\\s\\S]*tracker`),
    );
    await writeFile(file, 'server: [');
    expect(() => loadConfig({ YUNQIAN_CONFIG: file })).toThrow(/not valid YAML/);
  });
  it('environment overrides the file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'yq-cfg-'));
    const file = join(dir, 'yunqian.yaml');
    await writeFile(file, 'server:\n  port: 9000\n');
    expect(loadConfig({ YUNQIAN_CONFIG: file, YUNQIAN_PORT: '9100' }).server.port).toBe(9100);
  });
  it('keeps the audit at least 180 days (MLPS level 3): a shorter retention is refused by name', async () => {
    expect(loadConfig({}).audit.retentionDays).toBe(180);
    expect(loadConfig({ YUNQIAN_AUDIT_RETENTION_DAYS: '365' }).audit.retentionDays).toBe(365);
    expect(() => loadConfig({ YUNQIAN_AUDIT_RETENTION_DAYS: '90' })).toThrow(
      /audit\.retentionDays \(from YUNQIAN_AUDIT_RETENTION_DAYS\): must be at least 180 days/,
    );
    const dir = await mkdtemp(join(tmpdir(), 'yq-cfg-'));
    const file = join(dir, 'yunqian.yaml');
    await writeFile(file, 'audit:\n  retentionDays: 179\n');
    expect(() => loadConfig({ YUNQIAN_CONFIG: file })).toThrow(
      new RegExp(`audit\\.retentionDays \\(in ${file}\\): must be at least 180 days`),
    );
  });
});
