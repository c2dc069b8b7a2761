import { procedure, router } from '../trpc.ts';
import { PERMISSIONS, can, rolesWith, type Permission, type Role } from '../../auth/policy.ts';

export const metaRouter = router({
  /** Who the viewer is, what they may do, and whether this is the sandbox: the console's start. */
  session: procedure.meta({ permission: 'public' }).query(({ ctx }) => {
    return {
      sandbox: ctx.sandbox,
      signedIn: ctx.signedIn ?? false,
      sso: ctx.sso ?? false,
      /** For an account: its sign-in before this one, and when inactivity ends the session. */
      previousSignIn: ctx.previousSignIn ?? null,
      idleMinutes: ctx.signedIn ? (ctx.idleMinutes ?? null) : null,
      viewer: ctx.viewer && {
        ...ctx.viewer,
        departmentName: ctx.viewer.department ? ctx.data.orgName(ctx.viewer.department) : null,
      },
      permissions: PERMISSIONS.filter((p) => can(ctx.viewer, p)),
      /** What the viewer's reads cover: the province, their department's subtree, or nothing. */
      scope: ctx.scope.kind,
      planLoaded: ctx.data.planLoaded(),
    };
  }),
  /**
   * Who may do what, from the policy the server enforces: each permission's roles, and the roles
   * that grant roles (account administration). The console explains a refusal with it and never
   * keeps its own copy of the rules.
   */
  policy: procedure.meta({ permission: 'public' }).query(() => ({
    grants: Object.fromEntries(PERMISSIONS.map((p) => [p, rolesWith(p)])) as Record<Permission, Role[]>,
    grantedBy: rolesWith('users.grant'),
  })),
  organisations: procedure.meta({ permission: 'overview.read' }).query(({ ctx }) => ctx.data.organisations()),
});
