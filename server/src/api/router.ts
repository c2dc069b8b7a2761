import type { inferRouterOutputs } from '@trpc/server';
// The AppRouter: the only contract between the server and the console.
import { router } from './trpc.ts';
import { overviewRouter } from './routers/overview.ts';
import { systemsRouter } from './routers/systems.ts';
import { wavesRouter } from './routers/waves.ts';
import { summariesRouter } from './routers/summaries.ts';
import { scorecardsRouter } from './routers/scorecards.ts';
import { planRouter } from './routers/plan.ts';
import { metaRouter } from './routers/meta.ts';
import { clustersRouter } from './routers/clusters.ts';
import { capacityRouter } from './routers/capacity.ts';
import { stacksRouter } from './routers/stacks.ts';
import { requestsRouter } from './routers/requests.ts';
import { auditRouter } from './routers/audit.ts';
import { workflowsRouter } from './routers/workflows.ts';
import { liveRouter } from './routers/live.ts';
import { usersRouter } from './routers/users.ts';
import { searchRouter } from './routers/search.ts';
import { notificationsRouter } from './routers/notifications.ts';
import { staffRouter } from './routers/staff.ts';
import { grantsRouter } from './routers/grants.ts';
import { exceptionsRouter } from './routers/exceptions.ts';
import { meteringRouter } from './routers/metering.ts';
import { reclamationRouter } from './routers/reclamation.ts';
import { planningRouter } from './routers/planning.ts';
import { syncTokensRouter } from './routers/sync-tokens.ts';
import { dataSyncRouter } from './routers/data-sync.ts';
import { readinessRouter } from './routers/readiness.ts';
import { intakeRouter } from './routers/intake.ts';

export const appRouter = router({
  meta: metaRouter,
  overview: overviewRouter,
  systems: systemsRouter,
  waves: wavesRouter,
  summaries: summariesRouter,
  scorecards: scorecardsRouter,
  plan: planRouter,
  clusters: clustersRouter,
  capacity: capacityRouter,
  stacks: stacksRouter,
  requests: requestsRouter,
  audit: auditRouter,
  workflows: workflowsRouter,
  live: liveRouter,
  users: usersRouter,
  search: searchRouter,
  notifications: notificationsRouter,
  staff: staffRouter,
  grants: grantsRouter,
  exceptions: exceptionsRouter,
  metering: meteringRouter,
  reclamation: reclamationRouter,
  planning: planningRouter,
  syncTokens: syncTokensRouter,
  dataSync: dataSyncRouter,
  readiness: readinessRouter,
  intake: intakeRouter,
});

export type AppRouter = typeof appRouter;

/** What each procedure returns, for clients and tests that call the API over HTTP. */
export type AppRouterOutputs = inferRouterOutputs<AppRouter>;
