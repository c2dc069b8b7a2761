// Notifications as configured: the channels (from `notifications` in the configuration and the
// environment variables it names) and the dispatcher that sends through them. Nothing when off.
import type { Config } from '../config/config.ts';
import { ConfigError } from '../config/config.ts';
import type { Db } from '../store/db.ts';
import type { ChannelName } from './events.ts';
import type { Channel } from './channels/channel.ts';
import { smtpChannel } from './channels/smtp.ts';
import { dingtalkChannel } from './channels/dingtalk.ts';
import { wecomChannel } from './channels/wecom.ts';
import { feishuChannel } from './channels/feishu.ts';
import { webhookChannel } from './channels/webhook.ts';
import { Dispatcher } from './dispatcher.ts';

export interface Notifications {
  /** The channels a notification can be enqueued on. */
  available: ChannelName[];
  dispatcher: Dispatcher;
  close(): Promise<void>;
}

export function configuredChannels(n: Config['notifications'], env = process.env): Channel[] {
  const url = (setting: string, name: string) => {
    const v = env[name];
    if (!v)
      throw new ConfigError(`invalid configuration:\n  notifications.${setting}.urlEnv: ${name} is not set`);
    return v;
  };
  const out: Channel[] = [];
  if (n.smtp)
    out.push(
      smtpChannel({
        host: n.smtp.host,
        port: n.smtp.port,
        secure: n.smtp.secure,
        from: n.smtp.from,
        user: n.smtp.user,
        password: env[n.smtp.passwordEnv],
      }),
    );
  if (n.dingtalk) out.push(dingtalkChannel(url('dingtalk', n.dingtalk.urlEnv)));
  if (n.wecom) out.push(wecomChannel(url('wecom', n.wecom.urlEnv)));
  if (n.feishu) out.push(feishuChannel(url('feishu', n.feishu.urlEnv)));
  if (n.webhook) out.push(webhookChannel(n.webhook.url));
  return out;
}

/** Starts the dispatcher when notifications are enabled with a channel; null otherwise. */
export function startNotifications(
  n: Config['notifications'],
  db: Db,
  log: { warn: (o: object, m: string) => void },
  env = process.env,
): Notifications | null {
  if (!n.enabled) return null;
  const channels = configuredChannels(n, env);
  if (!channels.length) return null;
  const dispatcher = new Dispatcher({
    db,
    channels,
    maxAttempts: n.maxAttempts,
    baseDelayMs: n.retryBaseSeconds * 1000,
    intervalMs: n.pollSeconds * 1000,
    log,
  }).start();
  return {
    available: channels.map((c) => c.name),
    dispatcher,
    async close() {
      await dispatcher.stop();
      for (const c of channels) (c as { close?: () => void }).close?.();
    },
  };
}
