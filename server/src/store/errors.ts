/** Someone else changed the object first: the caller must reload and decide again. */
export class ConflictError extends Error {
  readonly code = 'CONFLICT';
}

export class NotFoundError extends Error {
  readonly code = 'NOT_FOUND';
}

/**
 * Four eyes: a two-party act done by one person (deciding one's own request, confirming one's own
 * sign-off). Refused whatever the role, administrators included.
 */
export class FourEyesError extends Error {
  readonly code = 'FORBIDDEN';
  constructor(
    message: string,
    /** Which rule, for the console to explain in the reader's language. */
    readonly rule: 'own-request' | 'own-signoff' | 'own-account' | 'not-own-request' | 'reviewed-already',
  ) {
    super(message);
  }
}

/**
 * A request reviewed level by level awaits another level's review than the decider's (a county's
 * operator deciding at the city's turn, or a city's operator on another city's request).
 */
export class OutOfTurnError extends Error {
  readonly code = 'FORBIDDEN';
  constructor(
    message: string,
    /** The unit whose review the request awaits. */
    readonly awaiting: string,
  ) {
    super(message);
  }
}
