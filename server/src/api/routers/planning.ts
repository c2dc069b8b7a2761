// The wave planner (#24): the plan as it stands, what-ifs, the automatic proposal and the YAML
// patch of a set of moves. All queries: nothing here writes the plan; the patch is downloaded,
// reviewed and applied in git by a person.
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { Id, IsoDate, Network } from '@yunqian/plan';
import { procedure, router, type CallContext } from '../trpc.ts';
import { UserError } from '../errors/user-error.ts';
import { MoveRefused } from '../../read-model/planning.ts';

/**
 * At most this many moves in one what-if: a person's choice, not a whole proposal (that is
 * `propose`); the moves travel in the query's URL, which a server reads up to 16 KB of.
 */
const MAX_MOVES = 50;

const Moves = z.object({
  moves: z
    .array(
      z
        .object({
          system: Id,
          wave: Id.optional(),
          start: IsoDate.optional(),
          cutover: IsoDate.optional(),
          network: Network.optional(),
        })
        .strict(),
    )
    .min(1)
    .max(MAX_MOVES),
});

/** A refused move as a field error on the move it is about, in the viewer's language. */
async function refusing<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    if (!(e instanceof MoveRefused)) throw e;
    const field = `moves.${e.index}.${e.field}`;
    const msg =
      e.reason === 'unknown-system'
        ? { key: 'request.unknownSystem' as const, params: { system: e.system } }
        : e.reason === 'unknown-wave'
          ? { key: 'field.choice' as const }
          : { key: 'field.dateOrder' as const };
    throw new UserError(e.reason === 'unknown-system' ? 'NOT_FOUND' : 'BAD_REQUEST', { [field]: [msg] });
  }
}

function planTexts(ctx: CallContext) {
  const read = ctx.planTexts;
  if (!read)
    throw new TRPCError({ code: 'PRECONDITION_FAILED', message: 'the plan folder cannot be read here' });
  return read;
}

export const planningRouter = router({
  /** The plan as it stands: run-out per network, violations naming systems, forecast per target. */
  current: procedure.meta({ permission: 'planning.read' }).query(({ ctx }) => ctx.data.planning().current()),
  /** The plan with the chosen systems moved, beside the plan as it stands. */
  whatIf: procedure
    .meta({ permission: 'planning.plan' })
    .input(Moves)
    .query(({ ctx, input }) => refusing(() => ctx.data.planning().whatIf(input.moves))),
  /** The moves as a unified diff of the plan's YAML files, validated by the plan's rules. */
  patch: procedure
    .meta({ permission: 'planning.plan' })
    .input(Moves)
    .query(({ ctx, input }) => refusing(() => ctx.data.planning().patch(planTexts(ctx), input.moves))),
  /** The automatic proposal for the viewer's systems, analysed, with its patch. */
  propose: procedure
    .meta({ permission: 'planning.plan' })
    .query(({ ctx }) => ctx.data.planning().proposal(planTexts(ctx))),
});
