// Entry point of the tenant program (`pulumi up -s internal` / `-s external` in infra/tenants).
import { loadPlanDir } from '@yunqian/plan';
import { readSettings } from './settings.ts';
import { provisionTenants } from './tenants.ts';

// Pulumi calls a default-exported function and takes its result as the stack outputs.
export default async () => {
  const settings = readSettings();
  const { plan, problems } = await loadPlanDir(settings.planDir);
  if (!plan) {
    const errors = problems.filter((p) => p.severity === 'error').slice(0, 10);
    throw new Error(
      `the plan in ${settings.planDir} has errors; nothing is provisioned:\n${errors.map((p) => `  ${p.file}:${p.line}: ${p.message}`).join('\n')}`,
    );
  }
  return provisionTenants(plan, settings);
};
