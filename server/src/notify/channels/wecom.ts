// WeCom (企业微信) group robot: POST {msgtype: 'text', text: {content}}; the reply is 200 with
// {errcode, errmsg}, and errcode ≠ 0 is a refusal — DingTalk's format and reply.
import type { Channel } from './channel.ts';
import { textRobot } from './dingtalk.ts';

export function wecomChannel(url: string): Channel {
  return textRobot('wecom', 'WeCom', url);
}
