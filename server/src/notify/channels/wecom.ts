// WeCom (企业微信) group robot: POST {msgtype: 'text', text: {content}}; the reply is 200 with
// {errcode, errmsg}, and errcode ≠ 0 is a refusal.
import { postJson, redact } from './post-json.ts';
import { SendError, type Channel, type Outgoing } from './channel.ts';
import { robotText } from './dingtalk.ts';

export function wecomChannel(url: string): Channel {
  return {
    name: 'wecom',
    async send(m: Outgoing) {
      const reply = (await postJson(url, { msgtype: 'text', text: { content: robotText(m) } })) as {
        errcode?: number;
        errmsg?: string;
      } | null;
      if (!reply || reply.errcode !== 0)
        throw new SendError(
          `WeCom robot ${redact(url)} refused: errcode ${reply?.errcode ?? '(none)'} ${reply?.errmsg ?? ''}`.trim(),
        );
    },
  };
}
