// The words of each notification, in the recipient's language (zh-CN unless they chose English).
import type { EventKind, EventParams, Language } from './events.ts';

export interface Message {
  subject: string;
  text: string;
}

type Text = (p: (name: string) => string) => Message;

/** A request's steps, and what the one it waits for does there, in each language. */
const STEP_NAME: Record<Language, Record<string, string>> = {
  'zh-CN': { accept: '受理', review: '审核', provision: '开通', test: '测试', trial: '试运行' },
  en: { accept: 'acceptance', review: 'review', provision: 'provisioning', test: 'test', trial: 'trial run' },
};
const STEP_ACT: Record<Language, Record<string, string>> = {
  'zh-CN': { accept: '受理', review: '审核', provision: '开通资源', test: '完成测试', trial: '确认试运行' },
  en: {
    accept: 'accept it',
    review: 'review it',
    provision: 'provision it',
    test: 'finish the test',
    trial: 'confirm the trial run',
  },
};

const TEXTS: Record<EventKind, Record<Language, Text>> = {
  'request.awaiting': {
    'zh-CN': (p) => ({
      subject: `【云迁】资源申请 #${p('requestId')} 等待您${STEP_ACT['zh-CN'][p('step')] ?? '处理'}`,
      text: `资源申请 #${p('requestId')}（系统 ${p('system')}）已到“${STEP_NAME['zh-CN'][p('step')] ?? p('step')}”环节，等待您${STEP_ACT['zh-CN'][p('step')] ?? '处理'}。${p('dueAt') ? (p('step') === 'trial' ? `可于 ${p('dueAt')} 起确认。` : `请在时限（${p('dueAt')}）前办理。`) : ''}`,
    }),
    en: (p) => ({
      subject: `[Yunqian] Resource request #${p('requestId')} is waiting for you`,
      text: `Resource request #${p('requestId')} (system ${p('system')}) has reached the ${STEP_NAME.en[p('step')] ?? p('step')} step and is waiting for you to ${STEP_ACT.en[p('step')] ?? 'act'}.${p('dueAt') ? (p('step') === 'trial' ? ` It can be confirmed from ${p('dueAt')}.` : ` Please do so before its time limit (${p('dueAt')}).`) : ''}`,
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
      subject: `【云迁】系统 ${p('system')} 的受阻事项已指派给您`,
      text: `${p('by')} 将系统 ${p('system')} 的受阻事项“${p('blocker')}”指派给您处理。处理完毕后请在系统详情页将其解除。`,
    }),
    en: (p) => ({
      subject: `[Yunqian] A blocker of system ${p('system')} is assigned to you`,
      text: `${p('by')} assigned you the blocker "${p('blocker')}" of system ${p('system')}. Once it is dealt with, mark it resolved on the system's page.`,
    }),
  },
  'drift.found': {
    'zh-CN': (p) => ({
      subject: `【云迁】租户 ${p('namespace')} 的配置与代码不一致`,
      text: `${p('department')}的租户 ${p('namespace')}（${p('where')}）的实际配置与基础设施代码的声明不一致（配置漂移）：${p('detail')}。请核查并处理。`,
    }),
    en: (p) => ({
      subject: `[Yunqian] Drift found: tenant ${p('namespace')}`,
      text: `What runs in tenant ${p('namespace')} of ${p('department')} (${p('where')}) differs from what the infrastructure code declares: ${p('detail')}. Please check it.`,
    }),
  },
  'quota.high': {
    'zh-CN': (p) => ({
      subject: `【云迁】${p('department')}的租户 ${p('namespace')} 配额已用到 ${p('percent')}%`,
      text: `${p('department')}在${p('network')}的租户 ${p('namespace')} 的资源配额已使用 ${p('detail')}，达到 80% 提醒线。请评估是否申请扩容。`,
    }),
    en: (p) => ({
      subject: `[Yunqian] Tenant ${p('namespace')} of ${p('department')} has used ${p('percent')}% of its quota`,
      text: `Tenant ${p('namespace')} of ${p('department')} on the ${p('network')} has used ${p('detail')} of its quota (the 80% mark). Consider asking for more.`,
    }),
  },
  'runout.earlier': {
    'zh-CN': (p) => ({
      subject: `【云迁】${p('network')}的资源预计耗尽日期提前至 ${p('after')}`,
      text: `按迁移计划的资源需求，${p('network')}的${p('resource')}预计于 ${p('after')} 耗尽（届时上云的系统：${p('system')}），早于此前通知的 ${p('before')}。请评估扩容或调整迁移计划。`,
    }),
    en: (p) => ({
      subject: `[Yunqian] The ${p('network')} runs out earlier: ${p('after')}`,
      text: `At the plan's demand the ${p('network')} runs out of ${p('resource')} on ${p('after')} (when system ${p('system')} is due), earlier than the ${p('before')} told before. Consider adding capacity or changing the plan.`,
    }),
  },
  'mlps.assessmentDue': {
    'zh-CN': (p) => ({
      subject: `【云迁】系统 ${p('system')} 的等保测评即将到期`,
      text: `系统 ${p('system')}（${p('department')}，等保 ${p('level')} 级）上次测评于 ${p('assessed')}，下次等级测评应于 ${p('dueAt')} 前完成。请及时安排测评。`,
    }),
    en: (p) => ({
      subject: `[Yunqian] The MLPS assessment of system ${p('system')} is due`,
      text: `System ${p('system')} (${p('department')}, MLPS level ${p('level')}) was last assessed on ${p('assessed')}; its next assessment is due by ${p('dueAt')}. Please arrange it in time.`,
    }),
  },
  'reclamation.proposed': {
    'zh-CN': (p) => ({
      subject: `【云迁】系统 ${p('system')} 的闲置资源拟回收（#${p('proposal')}）`,
      text: `系统 ${p('system')}（租户 ${p('namespace')}）近 ${p('days')} 天资源使用率持续偏低（CPU ${p('cpuShare')}%、内存 ${p('memoryShare')}%，低于 ${p('idleShare')}%），拟将配额由 CPU ${p('cpuFrom')} 核、内存 ${p('memoryFrom')} GiB 调减为 CPU ${p('cpuTo')} 核、内存 ${p('memoryTo')} GiB。如有异议，请在 ${p('contestBy')} 前（${p('workingDays')} 个工作日内）在控制台提出；逾期未提出视为同意。`,
    }),
    en: (p) => ({
      subject: `[Yunqian] Idle resources of system ${p('system')} to be reclaimed (#${p('proposal')})`,
      text: `System ${p('system')} (tenant ${p('namespace')}) has used little of its requests for ${p('days')} days (CPU ${p('cpuShare')}%, memory ${p('memoryShare')}%, below ${p('idleShare')}%). Its quota is to go from ${p('cpuFrom')} cores and ${p('memoryFrom')} GiB to ${p('cpuTo')} cores and ${p('memoryTo')} GiB. To contest it, do so in the console before ${p('contestBy')} (${p('workingDays')} working days); unanswered, it takes effect.`,
    }),
  },
  'reclamation.dueSoon': {
    'zh-CN': (p) => ({
      subject: `【云迁】系统 ${p('system')} 的闲置资源回收异议期即将届满（#${p('proposal')}）`,
      text: `系统 ${p('system')}（租户 ${p('namespace')}）的配额调减建议（CPU ${p('cpuFrom')} → ${p('cpuTo')} 核、内存 ${p('memoryFrom')} → ${p('memoryTo')} GiB）异议期将于 ${p('contestBy')} 届满。如有异议，请在此前于控制台提出；逾期未提出视为同意。`,
    }),
    en: (p) => ({
      subject: `[Yunqian] The contest period of reclamation #${p('proposal')} (system ${p('system')}) is ending`,
      text: `The proposed quota reduction of system ${p('system')} (tenant ${p('namespace')}: ${p('cpuFrom')} → ${p('cpuTo')} cores, ${p('memoryFrom')} → ${p('memoryTo')} GiB) can be contested until ${p('contestBy')}. Unanswered, it takes effect.`,
    }),
  },
  'reclamation.contested': {
    'zh-CN': (p) => ({
      subject: `【云迁】系统 ${p('system')} 对闲置资源回收提出异议（#${p('proposal')}）`,
      text: `${p('by')} 对系统 ${p('system')}（租户 ${p('namespace')}）的配额调减提出异议：“${p('reason')}”。请裁定维持或撤回。`,
    }),
    en: (p) => ({
      subject: `[Yunqian] Reclamation #${p('proposal')} of system ${p('system')} is contested`,
      text: `${p('by')} contests the quota reduction of system ${p('system')} (tenant ${p('namespace')}): "${p('reason')}". Please uphold or withdraw it.`,
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
