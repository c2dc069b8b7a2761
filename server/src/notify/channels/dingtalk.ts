// DingTalk (钉钉) custom group robot: POST {msgtype: 'text', text: {content}}. It answers 200 even
// when it refuses (a wrong token, a missing keyword, too many messages): errcode ≠ 0 is a failure.
// WeCom's (企业微信) group robot speaks the same text format and reply (wecom.ts).
import { postJson, redact } from './post-json.ts';
import { SendError, type Channel, type Outgoing } from './channel.ts';

export function dingtalkChannel(url: string): Channel {
  return textRobot('dingtalk', 'DingTalk', url, true);
}

/** A robot that takes {msgtype: 'text'} and answers {errcode, errmsg} with 200 either way. */
export function textRobot(name: Channel['name'], label: string, url: string, mentions = false): Channel {
  return {
    name,
    async send(m: Outgoing) {
      // DingTalk @-mentions a member by mobile number (at.atMobiles, and "@number" in the text),
      // when the recipient gave one in their settings.
      const at = mentions && m.address ? { at: { atMobiles: [m.address], isAtAll: false } } : {};
      const content = mentions && m.address ? `${robotText(m)}\n@${m.address}` : robotText(m);
      const reply = (await postJson(url, { msgtype: 'text', text: { content }, ...at })) as {
        errcode?: number;
        errmsg?: string;
      } | null;
      if (!reply || reply.errcode !== 0)
        throw new SendError(
          `${label} robot ${redact(url)} refused: errcode ${reply?.errcode ?? '(none)'} ${reply?.errmsg ?? ''}`.trim(),
        );
    },
  };
}

/** A group robot posts to a group: the text names whom it is for. */
export function robotText(m: Outgoing): string {
  const to = m.language === 'en' ? `To ${m.recipient}: ` : `@${m.recipient} `;
  return `${m.subject}\n${to}${m.text}`;
}
