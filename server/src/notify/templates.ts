// The words of each notification, in the recipient's language (zh-CN unless they chose English).
import type { EventKind, EventParams, Language } from './events.ts';

export interface Message {
  subject: string;
  text: string;
}

type Text = (p: (name: string) => string) => Message;

const TEXTS: Record<EventKind, Record<Language, Text>> = {
  'request.awaiting': {
    'zh-CN': (p) => ({
      subject: `【云迁】资源申请 #${p('requestId')} 等待您审核`,
      text: `资源申请 #${p('requestId')}（系统 ${p('system')}）已到您这一级，等待您审核。请在 SLA 到期（${p('dueAt')}）前处理。`,
    }),
    en: (p) => ({
      subject: `[Yunqian] Resource request #${p('requestId')} is waiting for you`,
      text: `Resource request #${p('requestId')} (system ${p('system')}) has reached your level and is waiting for your review. Please decide it before its SLA lapses (${p('dueAt')}).`,
    }),
  },
  'sla.dueSoon': {
    'zh-CN': (p) => ({
      subject: `【云迁】资源申请 #${p('requestId')} 的 SLA 即将到期`,
      text: `资源申请 #${p('requestId')}（系统 ${p('system')}）的 SLA 将于 ${p('dueAt')} 到期，请尽快处理。`,
    }),
    en: (p) => ({
      subject: `[Yunqian] The SLA of resource request #${p('requestId')} is about to lapse`,
      text: `The SLA of resource request #${p('requestId')} (system ${p('system')}) lapses at ${p('dueAt')}. Please decide it soon.`,
    }),
  },
  'sla.lapsed': {
    'zh-CN': (p) => ({
      subject: `【云迁】资源申请 #${p('requestId')} 已超过 SLA`,
      text: `资源申请 #${p('requestId')}（系统 ${p('system')}）的 SLA 已于 ${p('dueAt')} 到期，仍未处理。`,
    }),
    en: (p) => ({
      subject: `[Yunqian] Resource request #${p('requestId')} is past its SLA`,
      text: `The SLA of resource request #${p('requestId')} (system ${p('system')}) lapsed at ${p('dueAt')} and it is still undecided.`,
    }),
  },
  'blocker.assigned': {
    'zh-CN': (p) => ({
      subject: `【云迁】系统 ${p('system')} 的阻塞事项已指派给您`,
      text: `系统 ${p('system')} 的阻塞事项“${p('blocker')}”已指派给您处理。`,
    }),
    en: (p) => ({
      subject: `[Yunqian] A blocker of system ${p('system')} is assigned to you`,
      text: `The blocker "${p('blocker')}" of system ${p('system')} has been assigned to you.`,
    }),
  },
  'drift.found': {
    'zh-CN': (p) => ({
      subject: `【云迁】发现配置漂移：${p('system')}`,
      text: `系统 ${p('system')} 的实际部署与计划不一致（${p('detail')}），请核查。`,
    }),
    en: (p) => ({
      subject: `[Yunqian] Drift found: ${p('system')}`,
      text: `What runs for system ${p('system')} differs from the plan (${p('detail')}). Please check it.`,
    }),
  },
  'quota.high': {
    'zh-CN': (p) => ({
      subject: `【云迁】${p('department')} 的配额已用到 ${p('percent')}%`,
      text: `${p('department')} 在 ${p('network')} 上的资源配额已使用 ${p('percent')}%（达到 80% 提醒线），请评估是否申请扩容。`,
    }),
    en: (p) => ({
      subject: `[Yunqian] ${p('department')} has used ${p('percent')}% of its quota`,
      text: `${p('department')} has used ${p('percent')}% of its quota on ${p('network')} (the 80% mark). Consider asking for more.`,
    }),
  },
  'runout.earlier': {
    'zh-CN': (p) => ({
      subject: `【云迁】${p('department')} 的资源预计耗尽日期提前了`,
      text: `按当前增长，${p('department')} 的资源预计于 ${p('after')} 耗尽，早于此前预计的 ${p('before')}。`,
    }),
    en: (p) => ({
      subject: `[Yunqian] ${p('department')} will run out earlier`,
      text: `At the current growth ${p('department')} runs out of resources on ${p('after')}, earlier than the ${p('before')} expected before.`,
    }),
  },
  'mlps.assessmentDue': {
    'zh-CN': (p) => ({
      subject: `【云迁】系统 ${p('system')} 的等保测评即将到期`,
      text: `系统 ${p('system')}（等保 ${p('level')} 级）的等级保护测评应于 ${p('dueAt')} 前完成。`,
    }),
    en: (p) => ({
      subject: `[Yunqian] The MLPS assessment of system ${p('system')} is due`,
      text: `The MLPS (level ${p('level')}) assessment of system ${p('system')} is due by ${p('dueAt')}.`,
    }),
  },
};

/**
 * The message of an event for a recipient in their language. A name in English is a parameter of
 * its own (`systemEn` beside `system`), used in the English text when present; a missing
 * parameter reads "?".
 */
export function render(kind: EventKind, language: Language, params: EventParams): Message {
  const texts = TEXTS[kind];
  const text = texts[language] ?? texts['zh-CN'];
  return text((name) => {
    const v = (language === 'en' ? params[`${name}En`] : undefined) ?? params[name];
    return v === undefined ? '?' : String(v);
  });
}
