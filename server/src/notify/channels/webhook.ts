// A generic webhook: the event as JSON (kind, recipient, language, subject, text, parameters),
// for a receiver of the province's own (an OA system, a message gateway). Any 2xx accepts it.
import { postJson } from './post-json.ts';
import type { Channel, Outgoing } from './channel.ts';

export function webhookChannel(url: string): Channel {
  return {
    name: 'webhook',
    async send(m: Outgoing) {
      await postJson(url, {
        kind: m.kind,
        recipient: m.recipient,
        language: m.language,
        subject: m.subject,
        text: m.text,
        params: m.params,
      });
    },
  };
}
