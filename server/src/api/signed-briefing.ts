// The leadership briefing as a signed file (#21): the figures the viewer's briefing shows — the
// overview in the viewer's scope, the request counts, the other network's imported summary — in an
// envelope signed with the instance's key (SM2 under the 国密 profile), so a copy handed on can be
// checked offline with `yunqian verify`. Every download is audited.
import { signEnvelope } from '../crypto/envelope.ts';
import { instanceSigningKey } from '../crypto/signing-key.ts';
import { audit } from '../store/audit.ts';
import { latestImports } from '../store/summaries.ts';
import { summariesFor } from '../summary/scoped.ts';
import { requestCounts } from './request-counts.ts';
import { UserError } from './errors/user-error.ts';
import type { CallContext } from './trpc.ts';

export const BRIEFING_FORMAT = 'yunqian-briefing/1';

export async function signedBriefing(ctx: CallContext) {
  const key = await instanceSigningKey();
  if (!key) throw new UserError('BAD_REQUEST', {}, { key: 'briefing.unsigned' });
  const now = ctx.clock();
  const briefing = {
    format: BRIEFING_FORMAT,
    generatedAt: now.toISOString(),
    for: ctx.viewer && { id: ctx.viewer.id, role: ctx.viewer.role, unit: ctx.viewer.department ?? null },
    overview: ctx.data.overview(),
    sources: ctx.data.sources(),
    requests: await requestCounts(ctx.store, ctx.scope, now),
    otherNetworks: summariesFor(ctx.scope, await latestImports(ctx.store.db)),
  };
  const envelope = signEnvelope(BRIEFING_FORMAT, JSON.stringify(briefing), key, now);
  await ctx.store.db.transaction((tx) =>
    audit(tx, {
      actor: ctx.viewer?.id ?? 'anonymous',
      action: 'briefing.export',
      objectType: 'briefing',
      objectId: briefing.overview.computedAt,
      before: null,
      after: { algorithm: envelope.signature.algorithm, digest: envelope.signature.digest },
      requestId: ctx.requestId,
      at: now,
    }),
  );
  return {
    name: `yunqian-briefing-${now.toISOString().slice(0, 10)}.json`,
    text: `${JSON.stringify(envelope, null, 2)}\n`,
  };
}
