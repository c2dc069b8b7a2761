// Words the producers put into a notification's parameters, in both languages (a parameter
// `x` is read in Chinese, `xEn` in English: templates.ts).
import type { PlanIndex } from '@yunqian/plan';
import type { Network } from '../model/network.ts';
import type { DriftKind } from '../tracker/drift.ts';

export const NETWORK_WORDS: Record<Network, { zh: string; en: string }> = {
  internal: { zh: '政务内网', en: 'internal network' },
  external: { zh: '政务外网', en: 'external network' },
};

export const RESOURCE_WORDS: Record<string, { zh: string; en: string }> = {
  cpu: { zh: 'CPU', en: 'CPU' },
  memory: { zh: '内存', en: 'memory' },
  storage: { zh: '存储', en: 'storage' },
  pods: { zh: 'Pod 数', en: 'pods' },
};

/** A unit's or a system's name in both languages (its id when the plan lacks it). */
export function unitName(index: PlanIndex, id: string): { zh: string; en: string } {
  return index.org.get(id)?.name ?? { zh: id, en: id };
}

export function systemName(index: PlanIndex, id: string): { zh: string; en: string } {
  return index.system.get(id)?.name ?? { zh: id, en: id };
}

/** The network, or both when a thing belongs to no one network. */
export function networkWords(network: Network | null): { zh: string; en: string } {
  return network
    ? NETWORK_WORDS[network]
    : { zh: '政务内网和政务外网', en: 'internal and external networks' };
}

/** What one drift is, in a few words (the console's blocker texts, shortened). */
export function driftWords(kind: DriftKind, p: Record<string, string | number>): { zh: string; en: string } {
  const r = RESOURCE_WORDS[String(p.resource)] ?? { zh: String(p.resource), en: String(p.resource) };
  switch (kind) {
    case 'declared-not-live':
      return {
        zh: `代码声明的命名空间不存在（堆栈 ${p.stack}）`,
        en: `declared by stack ${p.stack} but not live`,
      };
    case 'live-not-declared':
      return { zh: '命名空间未纳入代码管理', en: 'live but declared by no stack' };
    case 'quota-differs':
      return {
        zh: `${r.zh} 配额与代码不一致（声明 ${p.declared}，实际 ${p.live}）`,
        en: `${r.en} quota differs (declared ${p.declared}, live ${p.live})`,
      };
    case 'policy-missing':
      return { zh: `缺少网络策略 ${p.policy}`, en: `network policy ${p.policy} missing` };
    case 'policy-changed':
      return { zh: `网络策略 ${p.policy} 被修改`, en: `network policy ${p.policy} changed` };
    case 'rolebinding-missing':
      return { zh: `缺少角色绑定 ${p.binding}`, en: `role binding ${p.binding} missing` };
    case 'rolebinding-changed':
      return { zh: `角色绑定 ${p.binding} 被修改`, en: `role binding ${p.binding} changed` };
  }
}

/** A list in running text: “甲；乙” / “a; b”. */
export function joined(
  items: { zh: string; en: string }[],
  sep: { zh: string; en: string } = { zh: '；', en: '; ' },
): { zh: string; en: string } {
  return { zh: items.map((i) => i.zh).join(sep.zh), en: items.map((i) => i.en).join(sep.en) };
}
