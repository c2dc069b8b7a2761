// What a notification can be about, and the channels it can go by.

/** The events a user can be told of (each has a zh-CN and an English text in templates.ts). */
export const EVENT_KINDS = [
  'request.awaiting',
  'sla.dueSoon',
  'sla.lapsed',
  'blocker.assigned',
  'drift.found',
  'quota.high',
  'runout.earlier',
  'mlps.assessmentDue',
  'reclamation.proposed',
  'reclamation.dueSoon',
  'reclamation.contested',
] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

/** Mail to the user's own address; the rest post to a robot or receiver set in the configuration. */
export const CHANNELS = ['email', 'dingtalk', 'wecom', 'feishu', 'webhook'] as const;
export type ChannelName = (typeof CHANNELS)[number];

export const LANGUAGES = ['zh-CN', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

/** What one event says, whoever it goes to. */
export type EventParams = Record<string, string | number>;
