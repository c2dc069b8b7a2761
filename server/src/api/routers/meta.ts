import { procedure, router } from '../trpc.ts';
import {
  NETWORK_ROLES,
  PERMISSIONS,
  UNIT_REQUIRED,
  UNIT_ROLES,
  can,
  rolesWith,
  type Permission,
  type Role,
} from '../../auth/policy.ts';

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
      /**
       * What the viewer's reads cover: the province or a unit's subtree (named), on both networks
       * or one, or nothing. The console states it wherever it explains a refusal.
       */
      scope: {
        kind: ctx.scope.kind,
        unit: ctx.scope.kind === 'departments' ? ctx.scope.unit : null,
        unitName: ctx.scope.kind === 'departments' ? ctx.data.orgName(ctx.scope.unit) : null,
        network: ctx.scope.kind === 'none' ? null : (ctx.scope.network ?? null),
      },
      planLoaded: ctx.data.planLoaded(),
      /** Exports are signed with the instance's key (the briefing offers its signed file). */
      signing: ctx.signing ?? false,
    };
  }),
  /**
   * Who may do what, from the policy the server enforces: each permission's roles, and the roles
   * that grant roles (account administration), and where each role's accounts sit: the roles that
   * take an organisation unit, those that must have one, and those kept to one network. The
   * console explains a refusal and builds its grant forms with it, and never keeps its own copy.
   */
  policy: procedure.meta({ permission: 'public' }).query(() => ({
    grants: Object.fromEntries(PERMISSIONS.map((p) => [p, rolesWith(p)])) as Record<Permission, Role[]>,
    grantedBy: rolesWith('users.grant'),
    unitRoles: [...UNIT_ROLES],
    unitRequired: [...UNIT_REQUIRED],
    networkRoles: [...NETWORK_ROLES],
  })),
  organisations: procedure.meta({ permission: 'overview.read' }).query(({ ctx }) => ctx.data.organisations()),
});
