import { procedure, router } from '../trpc.ts';
import { PERMISSIONS, can } from '../../auth/policy.ts';

export const metaRouter = router({
  /** Who the viewer is, what they may do, and whether this is the sandbox: the console's start. */
  session: procedure.meta({ permission: 'public' }).query(({ ctx }) => {
    return {
      sandbox: ctx.sandbox,
      signedIn: ctx.signedIn ?? false,
      sso: ctx.sso ?? false,
      viewer: ctx.viewer && {
        ...ctx.viewer,
        departmentName: ctx.viewer.department ? ctx.data.orgName(ctx.viewer.department) : null,
      },
      permissions: PERMISSIONS.filter((p) => can(ctx.viewer, p)),
      planLoaded: ctx.data.planLoaded(),
    };
  }),
  organisations: procedure.meta({ permission: 'overview.read' }).query(({ ctx }) => ctx.data.organisations()),
});
