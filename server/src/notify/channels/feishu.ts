// Feishu (飞书) custom bot: POST {msg_type: 'text', content: {text}}. It answers {code: 0, msg}
// when it takes the message (older bots: {StatusCode: 0, StatusMessage}); any other code refuses.
import { postJson, redact } from './post-json.ts';
import { SendError, type Channel, type Outgoing } from './channel.ts';
import { robotText } from './dingtalk.ts';

export function feishuChannel(url: string): Channel {
  return {
    name: 'feishu',
    async send(m: Outgoing) {
      const reply = (await postJson(url, { msg_type: 'text', content: { text: robotText(m) } })) as {
        code?: number;
        msg?: string;
        StatusCode?: number;
        StatusMessage?: string;
      } | null;
      const code = reply?.code ?? reply?.StatusCode;
      if (code !== 0)
        throw new SendError(
          `Feishu bot ${redact(url)} refused: code ${code ?? '(none)'} ${reply?.msg ?? reply?.StatusMessage ?? ''}`.trim(),
        );
    },
  };
}
