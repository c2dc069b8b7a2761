import { procedure, router } from '../trpc.ts';
import { PERMISSIONS, can } from '../../auth/policy.ts';

export const metaRouter = router({
  /** Who the viewer is, what they may do, and whether this is the sandbox: the console's start. */
  session: procedure.meta({ permission: 'public' }).query(({ ctx }) => {
    const index = ctx.tracker.planIndex();
    const dept = ctx.viewer?.department ? index?.org.get(ctx.viewer.department) : undefined;
    return {
      sandbox: ctx.sandbox,
      signedIn: ctx.signedIn ?? false,
      sso: ctx.sso ?? false,
      viewer: ctx.viewer && { ...ctx.viewer, departmentName: dept?.name ?? null },
      permissions: PERMISSIONS.filter((p) => can(ctx.viewer, p)),
      planLoaded: ctx.plan.current() !== null,
    };
  }),
  organisations: procedure.meta({ permission: 'overview.read' }).query(({ ctx }) => {
    return (ctx.plan.current()?.organisations ?? []).map((o) => ({
      id: o.id,
      kind: o.kind,
      name: o.name,
      parentId: o.parentId,
    }));
  }),
});
