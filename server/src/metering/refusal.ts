// Why metering refused something, as a field and a message key (api/errors/messages.ts), so the
// router can answer field-level in the viewer's language without knowing the store's reasons.
export type MeteringReason =
  | 'metering.item'
  | 'metering.price'
  | 'metering.date'
  | 'metering.closedMonth'
  | 'metering.duplicatePrice'
  | 'metering.monthNotOver'
  | 'metering.noPrices'
  | 'metering.sourceFailed'
  | 'metering.sourceGap'
  | 'metering.noSource'
  | 'metering.differs'
  | 'metering.tenancyStale';

export class MeteringRefusal extends Error {
  constructor(
    /** The input field it concerns ('' for the call as a whole). */
    readonly field: string,
    readonly reason: MeteringReason,
    readonly params: Record<string, string | number> = {},
  ) {
    super(`${reason}${Object.keys(params).length ? ` ${JSON.stringify(params)}` : ''}`);
  }
}
