// What a channel is given to send, and what it does with it: resolve once the receiver has
// accepted the message, throw (with the receiver's own words) when it has not.
import type { ChannelName, EventKind, EventParams, Language } from '../events.ts';

export interface Outgoing {
  recipient: string;
  /** The mail address (mail), or the mobile number DingTalk's robot @-mentions (DingTalk). */
  address: string | null;
  kind: EventKind;
  language: Language;
  params: EventParams;
  subject: string;
  text: string;
}

export interface Channel {
  readonly name: ChannelName;
  send(m: Outgoing): Promise<void>;
}

/** A receiver's refusal: retried by the dispatcher, kept as the row's last error. */
export class SendError extends Error {
  override name = 'SendError';
}
