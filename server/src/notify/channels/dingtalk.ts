// DingTalk (钉钉) custom group robot: POST {msgtype: 'text', text: {content}}. It answers 200 even
// when it refuses (a wrong token, a missing keyword, too many messages): errcode ≠ 0 is a failure.
import { postJson, redact } from './post-json.ts';
import { SendError, type Channel, type Outgoing } from './channel.ts';

export function dingtalkChannel(url: string): Channel {
  return {
    name: 'dingtalk',
    async send(m: Outgoing) {
      const reply = (await postJson(url, { msgtype: 'text', text: { content: robotText(m) } })) as {
        errcode?: number;
        errmsg?: string;
      } | null;
      if (!reply || reply.errcode !== 0)
        throw new SendError(
          `DingTalk robot ${redact(url)} refused: errcode ${reply?.errcode ?? '(none)'} ${reply?.errmsg ?? ''}`.trim(),
        );
    },
  };
}

/** A group robot posts to a group: the text names whom it is for. */
export function robotText(m: Outgoing): string {
  const to = m.language === 'en' ? `To ${m.recipient}: ` : `@${m.recipient} `;
  return `${m.subject}\n${to}${m.text}`;
}
