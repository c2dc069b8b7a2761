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
    readonly rule:
      | 'own-request'
      | 'own-signoff'
      | 'own-account'
      | 'own-proposal'
      | 'not-own-request'
      | 'reviewed-already'
      | 'confirmed-already',
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

/** An act of another step than the one the request is at (reviewing a request not yet accepted). */
export class WrongStepError extends Error {
  readonly code = 'CONFLICT';
  constructor(
    message: string,
    /** The step the request is at. */
    readonly step: string,
  ) {
    super(message);
  }
}

/** An act before its time: a trial run confirmed before its minimum days have passed. */
export class TooEarlyError extends Error {
  readonly code = 'FORBIDDEN';
  constructor(
    message: string,
    readonly earliest: Date,
  ) {
    super(message);
  }
}

/** An account name already in use. */
export class UsernameTakenError extends Error {
  readonly code = 'CONFLICT';
  constructor(readonly username: string) {
    super(`the user name ${username} is taken`);
  }
}

/** An account already has a role grant awaiting a decision. */
export class PendingProposalError extends Error {
  readonly code = 'CONFLICT';
  constructor(readonly username: string) {
    super(`${username} already has a role grant awaiting a decision`);
  }
}

/** Whether a database error is a unique constraint refusing a second row (SQLSTATE 23505). */
export function isUniqueViolation(e: unknown): boolean {
  for (let x = e as { code?: unknown; cause?: unknown } | undefined, i = 0; x && i < 4; i++) {
    if (x.code === '23505') return true;
    x = x.cause as typeof x;
  }
  return false;
}
