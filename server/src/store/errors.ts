/** Someone else changed the object first: the caller must reload and decide again. */
export class ConflictError extends Error {
  readonly code = 'CONFLICT';
}

export class NotFoundError extends Error {
  readonly code = 'NOT_FOUND';
}
