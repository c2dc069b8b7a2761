// In the sandbox there are no accounts: a visitor picks a demo role (and department) in the
// console, carried in a cookie. Real deployments use the identity module of the auth issue;
// this resolver is only wired in when the sandbox is on.
import { ROLES, type Role, type Viewer } from './policy.ts';
import { cookieValue } from './cookies.ts';

export const DEMO_COOKIE = 'yq-demo';

export function sandboxViewer(cookieHeader: string | undefined): Viewer {
  const [role, department] = (cookieValue(cookieHeader, DEMO_COOKIE) ?? '').split(':');
  const r = (ROLES as readonly string[]).includes(role ?? '') ? (role as Role) : 'leader';
  const dept = r === 'department' ? department || undefined : undefined;
  // Each department's demo user is itself in the audit trail and on sign-offs (not one shared id).
  const who = dept ? `demo-department-${dept}` : `demo-${r}`;
  return { id: who, name: who.replace(/^demo-/, 'demo '), role: r, department: dept };
}
