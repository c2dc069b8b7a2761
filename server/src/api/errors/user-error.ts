// Errors meant for the person at the console: a message key and its parameters per field, turned
// into their language by the error formatter (api/trpc.ts). Validation issues from the input
// schemas are turned into the same keys here, so no validator's own text or JSON reaches a user.
import { TRPCError } from '@trpc/server';
import type { ZodError } from 'zod';
import { isMessageKey, message, type Locale, type MessageKey, type MessageParams } from './messages.ts';

export interface UserMessage {
  key: MessageKey;
  params?: MessageParams;
}

export type FieldMessages = Record<string, UserMessage[]>;

/** A field is named by its path in the input ("cpu", "adjusted.cpu"); "" is the input as a whole. */
export class UserError extends TRPCError {
  constructor(
    code: 'BAD_REQUEST' | 'NOT_FOUND' | 'CONFLICT' | 'FORBIDDEN',
    readonly fields: FieldMessages,
    readonly summary: UserMessage = { key: 'input.check' },
    /** What the store said (kept for the log; the person reads the summary). */
    readonly detail?: Error,
  ) {
    super({ code, message: detail?.message ?? summary.key });
  }
}

/** One validation issue as a message key (zod 4 issue codes). */
function issueMessage(issue: ZodError['issues'][number]): UserMessage {
  if (isMessageKey(issue.message)) return { key: issue.message };
  switch (issue.code) {
    case 'invalid_type':
      // A missing value and a wrong one read the same to a person filling a form.
      return { key: issue.expected === 'number' ? 'field.number' : 'field.required' };
    case 'too_small':
      if (issue.origin === 'string')
        return { key: 'field.minLength', params: { min: Number(issue.minimum) } };
      if (issue.origin === 'array') return { key: 'field.required' };
      return { key: 'field.min', params: { min: Number(issue.minimum) } };
    case 'too_big':
      if (issue.origin === 'string')
        return { key: 'field.maxLength', params: { max: Number(issue.maximum) } };
      return { key: 'field.max', params: { max: Number(issue.maximum) } };
    case 'invalid_value':
    case 'invalid_union':
      return { key: 'field.choice' };
    case 'unrecognized_keys':
      return { key: 'field.unknown', params: { keys: issue.keys.join(', ') } };
    case 'not_multiple_of':
      return { key: 'field.integer' };
    default:
      return { key: 'field.invalid' };
  }
}

/** The schema's issues, per field. */
export function fieldMessages(error: ZodError): FieldMessages {
  const out: FieldMessages = {};
  for (const issue of error.issues) (out[issue.path.join('.')] ??= []).push(issueMessage(issue));
  return out;
}

/** Field messages in the viewer's language. */
export function localizeFields(fields: FieldMessages, locale: Locale): Record<string, string[]> {
  return Object.fromEntries(
    Object.entries(fields).map(([f, ms]) => [f, ms.map((m) => message(locale, m.key, m.params))]),
  );
}
