// The provincial survey template (应用系统详细信息表, 云资源测算清单, 上云评估问卷, 评估模板):
// the one definition of its sheets and columns. Import, export, the blank template and the
// README's column tables all read these lists, so a column is added or renamed here alone.
import type { ReadinessAnswers } from '../readiness/questionnaire.ts';
import type { MlpsStatus, Xinchuang } from '../readiness/questionnaire.ts';
import {
  readDate,
  readNumber,
  readText,
  readWord,
  readYesNo,
  textOf,
  type Cell,
  type Read,
} from './cells.ts';

export const SHEETS = {
  systems: '应用系统详细信息表',
  resources: '云资源测算清单',
  readiness: '上云评估问卷',
  archetypes: '评估模板',
} as const;
export type SheetKey = keyof typeof SHEETS;
export const SHEET_EN: Record<SheetKey, string> = {
  systems: 'Application systems',
  resources: 'Cloud resource estimate',
  readiness: 'Readiness questionnaire',
  archetypes: 'Questionnaire archetypes',
};

export const NETWORK_WORDS = { internal: '政务内网', external: '政务外网' } as const;
export const STRATEGY_WORDS = {
  rehost: '直接迁移',
  replatform: '平台迁移',
  refactor: '重构',
  repurchase: '替换',
  retire: '下线',
  retain: '保留',
} as const;
export const SITE_WORDS = {
  'self-built-dc': '自建数据中心',
  'machine-room': '机房',
  hosted: '托管机房',
  'new-build': '新建',
} as const;
type Role = 'owner' | 'technical' | 'vendor' | 'security';
export const ROLE_WORDS: Record<Role, string> = {
  owner: '系统负责人',
  technical: '技术联系人',
  vendor: '运维厂商',
  security: '安全负责人',
};
export const XINCHUANG_WORDS: Record<Xinchuang, string> = {
  adapted: '已适配',
  adapting: '适配中',
  'not-adapted': '未适配',
  'not-applicable': '不涉及',
};
export const MLPS_STATUS_WORDS: Record<MlpsStatus, string> = {
  assessed: '已测评',
  'in-progress': '测评中',
  'not-assessed': '未测评',
  'not-applicable': '不涉及',
};

/** A system as a row builds it: the fields of the plan's System, in the plan file's order. */
export interface SystemDraft {
  id?: string;
  name: { zh?: string; en?: string };
  department?: string;
  classified?: boolean;
  network?: string;
  mlps: { level?: number; filing?: string; assessed?: string };
  wave?: string;
  start?: string;
  cutover?: string;
  resources: { cpu?: number; memoryGiB?: number; storageGiB?: number };
  currentSite: { kind?: string; name?: string };
  contacts: Partial<Record<Role, { name?: string; phone?: string; email?: string }>>;
  strategy?: string;
  dependsOn: (string | { system: string; channel?: string })[];
  publicNames?: string[];
  legacyHosts?: string[];
}

/** What reading a workbook may consult: the plan's units (a unit may be written by name). */
export interface ReadContext {
  department: string;
  units: ReadonlyMap<string, string>;
  date1904: boolean;
}

export interface ColumnDef<T> {
  /** The field it fills, as a dotted path of the plan (problems of the plan's rules map back to it). */
  key: string;
  zh: string;
  en: string;
  required: boolean;
  /** An example value, as written in the template's example row and the README. */
  example: string;
  /** What may be written, in words (both languages), for the README and the header's note. */
  note?: { zh: string; en: string };
  /** Reads a non-empty cell into the draft (an empty cell is left unset). */
  read(cell: Cell, into: T, ctx: ReadContext): Read<unknown>;
  /** The cell's value for export: a string, number or Date (null: empty). */
  write(from: T): string | number | Date | null;
}

const words = (w: Record<string, string>) => ({
  zh: Object.values(w).join('、'),
  en: Object.entries(w)
    .map(([id, zh]) => `${zh} (${id})`)
    .join(', '),
});
const set =
  <T>(assign: (v: T) => void) =>
  (r: Read<T>): Read<unknown> => {
    if (r.ok) assign(r.value);
    return r;
  };
const day = (iso: string | undefined) => (iso ? new Date(`${iso}T00:00:00Z`) : null);

/** MLPS level as people write it: 3, "3", "三级", "第三级", "等保三级". */
function readLevel(c: Cell): Read<number> {
  const t = textOf(c).replace(/^等保/, '').replace(/^第/, '').replace(/级$/, '');
  const n = { 一: 1, 二: 2, 三: 3, 四: 4 }[t] ?? Number(t);
  return Number.isInteger(n) && n >= 1 && n <= 4
    ? { ok: true, value: n }
    : { ok: false, code: 'not-one-of', params: { value: textOf(c).slice(0, 40), allowed: '1、2、3、4' } };
}

/** A unit by its id or its Chinese name. */
function readUnit(c: Cell, ctx: ReadContext): Read<string> {
  const t = textOf(c).trim();
  if (ctx.units.has(t)) return { ok: true, value: t };
  for (const [id, zh] of ctx.units) if (zh === t) return { ok: true, value: id };
  return { ok: false, code: 'unknown-unit', params: { value: t.slice(0, 60) } };
}

/** `id`, or `id（channel）` for a cross-network dependency; entries one a line or separated by ；、, */
export function readDependencies(c: Cell): Read<SystemDraft['dependsOn']> {
  const out: SystemDraft['dependsOn'] = [];
  for (const part of textOf(c)
    .split(/[\n;；、,，]/)
    .map((p) => p.trim())
    .filter(Boolean)) {
    const m = /^([^（(）)]+?)\s*(?:[（(]\s*([^（(）)]+?)\s*[）)])?$/.exec(part);
    if (!m) return { ok: false, code: 'bad-dependency', params: { value: part.slice(0, 60) } };
    out.push(m[2] ? { system: m[1]!, channel: m[2] } : m[1]!);
  }
  return { ok: true, value: out };
}
const writeDependencies = (deps: SystemDraft['dependsOn']) =>
  deps
    .map((d) => (typeof d === 'string' ? d : d.channel ? `${d.system}（${d.channel}）` : d.system))
    .join('\n');

/** Host names one a line (or separated by ；、,), lower-cased as DNS compares them; the plan's rule checks each. */
function readHosts(c: Cell): Read<string[]> {
  return {
    ok: true,
    value: textOf(c)
      .split(/[\n;；、,，\s]+/)
      .map((p) => p.trim().toLowerCase())
      .filter(Boolean),
  };
}
const hostColumn = (
  key: 'publicNames' | 'legacyHosts',
  zh: string,
  en: string,
  example: string,
  note: { zh: string; en: string },
): ColumnDef<SystemDraft> => ({
  key,
  zh,
  en,
  required: false,
  example,
  note,
  read: (c, d) => set<string[]>((v) => (d[key] = v.length ? v : undefined))(readHosts(c)),
  write: (d) => d[key]?.join('\n') || null,
});

const contactColumns = (role: Role): ColumnDef<SystemDraft>[] => [
  {
    key: `contacts.${role}.name`,
    zh: ROLE_WORDS[role],
    en: `${role} contact`,
    required: false,
    example: role === 'owner' ? '张伟' : role === 'technical' ? '李娜' : '',
    read: (c, d) => set<string>((v) => ((d.contacts[role] ??= {}).name = v))(readText(c, 50)),
    write: (d) => d.contacts[role]?.name ?? null,
  },
  {
    key: `contacts.${role}.phone`,
    zh: `${ROLE_WORDS[role]}电话`,
    en: `${role} phone`,
    required: false,
    example: role === 'technical' ? '0571-81234567' : '',
    read: (c, d) => set<string>((v) => ((d.contacts[role] ??= {}).phone = v))(readText(c, 40)),
    write: (d) => d.contacts[role]?.phone ?? null,
  },
  {
    key: `contacts.${role}.email`,
    zh: `${ROLE_WORDS[role]}邮箱`,
    en: `${role} email`,
    required: false,
    example: '',
    read: (c, d) => set<string>((v) => ((d.contacts[role] ??= {}).email = v))(readText(c, 100)),
    write: (d) => d.contacts[role]?.email ?? null,
  },
];

/** 应用系统详细信息表: one row per system. */
export const SYSTEM_COLUMNS: ColumnDef<SystemDraft>[] = [
  {
    key: 'id',
    zh: '系统编号',
    en: 'System id',
    required: true,
    example: 'czt-portal',
    note: { zh: '小写字母、数字和连字符', en: 'lower-case letters, digits and dashes' },
    read: (c, d) => set<string>((v) => (d.id = v))(readText(c, 48)),
    write: (d) => d.id ?? null,
  },
  {
    key: 'name.zh',
    zh: '系统名称',
    en: 'System name',
    required: true,
    example: '财政门户网站',
    read: (c, d) => set<string>((v) => (d.name.zh = v))(readText(c)),
    write: (d) => d.name.zh ?? null,
  },
  {
    key: 'name.en',
    zh: '英文名称',
    en: 'English name',
    required: true,
    example: 'Finance Public Website',
    read: (c, d) => set<string>((v) => (d.name.en = v))(readText(c)),
    write: (d) => d.name.en ?? null,
  },
  {
    key: 'department',
    zh: '所属单位',
    en: 'Owning unit',
    required: false,
    example: 'czt',
    note: {
      zh: '单位编号或单位名称；空白为导入的单位',
      en: 'unit id or name; blank: the department imported',
    },
    read: (c, d, ctx) => set<string>((v) => (d.department = v))(readUnit(c, ctx)),
    write: (d) => d.department ?? null,
  },
  {
    key: 'network',
    zh: '网络',
    en: 'Network',
    required: true,
    example: NETWORK_WORDS.external,
    note: words(NETWORK_WORDS),
    read: (c, d) => set<string>((v) => (d.network = v))(readWord(c, NETWORK_WORDS)),
    write: (d) => (d.network ? NETWORK_WORDS[d.network as keyof typeof NETWORK_WORDS] : null),
  },
  {
    key: 'classified',
    zh: '是否涉密',
    en: 'Classified',
    required: false,
    example: '否',
    note: { zh: '是、否（空白为否）', en: '是 (yes) or 否 (no); blank: no' },
    read: (c, d) => set<boolean>((v) => (d.classified = v))(readYesNo(c)),
    write: (d) => (d.classified ? '是' : '否'),
  },
  {
    key: 'mlps.level',
    zh: '等保级别',
    en: 'MLPS level',
    required: true,
    example: '3',
    note: { zh: '1–4（可写“三级”）', en: '1–4 (三级 is read as 3)' },
    read: (c, d) => set<number>((v) => (d.mlps.level = v))(readLevel(c)),
    write: (d) => d.mlps.level ?? null,
  },
  {
    key: 'mlps.filing',
    zh: '备案号',
    en: 'MLPS filing number',
    required: false,
    example: '330078-00078',
    read: (c, d) => set<string>((v) => (d.mlps.filing = v))(readText(c, 40)),
    write: (d) => d.mlps.filing ?? null,
  },
  {
    key: 'mlps.assessed',
    zh: '测评日期',
    en: 'Last MLPS assessment',
    required: false,
    example: '2026-07-22',
    note: {
      zh: '日期单元格，或 2026-07-22、2026/7/22、2026年7月22日',
      en: 'a date cell, or text such as 2026-07-22',
    },
    read: (c, d, ctx) => set<string>((v) => (d.mlps.assessed = v))(readDate(c, ctx.date1904)),
    write: (d) => day(d.mlps.assessed),
  },
  {
    key: 'strategy',
    zh: '迁移方式',
    en: 'Strategy',
    required: true,
    example: STRATEGY_WORDS.replatform,
    note: words(STRATEGY_WORDS),
    read: (c, d) => set<string>((v) => (d.strategy = v))(readWord(c, STRATEGY_WORDS)),
    write: (d) => (d.strategy ? STRATEGY_WORDS[d.strategy as keyof typeof STRATEGY_WORDS] : null),
  },
  {
    key: 'wave',
    zh: '批次',
    en: 'Wave',
    required: true,
    example: 'w1',
    note: { zh: '批次编号（见 waves.yaml）', en: 'wave id (see waves.yaml)' },
    read: (c, d) => set<string>((v) => (d.wave = v))(readText(c, 48)),
    write: (d) => d.wave ?? null,
  },
  {
    key: 'start',
    zh: '计划开始',
    en: 'Planned start',
    required: true,
    example: '2025-03-28',
    read: (c, d, ctx) => set<string>((v) => (d.start = v))(readDate(c, ctx.date1904)),
    write: (d) => day(d.start),
  },
  {
    key: 'cutover',
    zh: '计划割接',
    en: 'Planned cut-over',
    required: true,
    example: '2025-09-29',
    read: (c, d, ctx) => set<string>((v) => (d.cutover = v))(readDate(c, ctx.date1904)),
    write: (d) => day(d.cutover),
  },
  {
    key: 'currentSite.kind',
    zh: '现部署位置类型',
    en: 'Current site kind',
    required: true,
    example: SITE_WORDS.hosted,
    note: words(SITE_WORDS),
    read: (c, d) => set<string>((v) => (d.currentSite.kind = v))(readWord(c, SITE_WORDS)),
    write: (d) => (d.currentSite.kind ? SITE_WORDS[d.currentSite.kind as keyof typeof SITE_WORDS] : null),
  },
  {
    key: 'currentSite.name',
    zh: '现部署位置名称',
    en: 'Current site name',
    required: true,
    example: '省财政厅自建机房',
    read: (c, d) => set<string>((v) => (d.currentSite.name = v))(readText(c)),
    write: (d) => d.currentSite.name ?? null,
  },
  {
    key: 'dependsOn',
    zh: '依赖系统',
    en: 'Depends on',
    required: false,
    example: 'zwfw-portal（省电子政务内外网安全交换系统）',
    note: {
      zh: '系统编号，每行一个（或以；、分隔）；跨网依赖在括号中写交换通道',
      en: 'system ids, one a line (or separated by ；、,); a cross-network one with its exchange channel in brackets',
    },
    read: (c, d) => set<SystemDraft['dependsOn']>((v) => (d.dependsOn = v))(readDependencies(c)),
    write: (d) => writeDependencies(d.dependsOn) || null,
  },
  hostColumn('publicNames', '对外域名', 'Public names', 'zwfw.example.gov.cn', {
    zh: '用户访问本系统的域名，每行一个；割接时据此拨测，证明由云上提供服务',
    en: 'the names users reach the system by, one a line; probed to prove the cut-over',
  }),
  hostColumn('legacyHosts', '原系统访问地址', 'Legacy hosts', 'zwfw.old.example.gov.cn', {
    zh: '原系统反向代理统计访问量所用的主机名，每行一个；下线前须连续无访问',
    en: "the legacy site's host names as its reverse proxy counts requests, one a line; quiet before retirement",
  }),
  ...(['owner', 'technical', 'vendor', 'security'] as const).flatMap(contactColumns),
];

/** 云资源测算清单: per system, the resources it needs on the cloud. */
export const RESOURCE_COLUMNS: ColumnDef<SystemDraft>[] = [
  SYSTEM_COLUMNS[0]!,
  {
    ...SYSTEM_COLUMNS[1]!,
    required: false,
    note: { zh: '仅供核对，不导入', en: 'for reading only, not imported' },
    read: () => ({ ok: true, value: null }),
  },
  {
    key: 'resources.cpu',
    zh: 'vCPU',
    en: 'vCPU',
    required: true,
    example: '32',
    read: (c, d) => set<number>((v) => (d.resources.cpu = v))(readNumber(c)),
    write: (d) => d.resources.cpu ?? null,
  },
  {
    key: 'resources.memoryGiB',
    zh: '内存(GiB)',
    en: 'Memory (GiB)',
    required: true,
    example: '128',
    read: (c, d) => set<number>((v) => (d.resources.memoryGiB = v))(readNumber(c)),
    write: (d) => d.resources.memoryGiB ?? null,
  },
  {
    key: 'resources.storageGiB',
    zh: '存储(GiB)',
    en: 'Storage (GiB)',
    required: true,
    example: '200',
    read: (c, d) => set<number>((v) => (d.resources.storageGiB = v))(readNumber(c)),
    write: (d) => d.resources.storageGiB ?? null,
  },
];

type Answers = ReadinessAnswers & Record<string, unknown>;
const answerColumns = <T extends { answers: Answers }>(): ColumnDef<T>[] => {
  const text = (
    key: keyof ReadinessAnswers,
    zh: string,
    en: string,
    example: string,
    max = 200,
  ): ColumnDef<T> => ({
    key: `answers.${key}`,
    zh,
    en,
    required: false,
    example,
    read: (c, d) => set<string>((v) => (d.answers[key] = v as never))(readText(c, max)),
    write: (d) => (d.answers[key] as string | undefined) ?? null,
  });
  const xc = (key: keyof ReadinessAnswers, zh: string, en: string): ColumnDef<T> => ({
    key: `answers.${key}`,
    zh,
    en,
    required: false,
    example: XINCHUANG_WORDS.adapted,
    note: words(XINCHUANG_WORDS),
    read: (c, d) => set<Xinchuang>((v) => (d.answers[key] = v as never))(readWord(c, XINCHUANG_WORDS)),
    write: (d) => XINCHUANG_WORDS[d.answers[key] as Xinchuang] ?? null,
  });
  const num = (key: keyof ReadinessAnswers, zh: string, en: string, example: string): ColumnDef<T> => ({
    key: `answers.${key}`,
    zh,
    en,
    required: false,
    example,
    read: (c, d) => set<number>((v) => (d.answers[key] = v as never))(readNumber(c)),
    write: (d) => (d.answers[key] as number | undefined) ?? null,
  });
  return [
    text('os', '操作系统', 'Operating system', '银河麒麟 V10'),
    xc('osXinchuang', '操作系统信创适配', 'OS 信创 compatibility'),
    text('database', '数据库', 'Database', '达梦 DM8'),
    xc('databaseXinchuang', '数据库信创适配', 'Database 信创 compatibility'),
    text('middleware', '中间件', 'Middleware', '东方通 TongWeb 7'),
    xc('middlewareXinchuang', '中间件信创适配', 'Middleware 信创 compatibility'),
    num('dataVolumeGiB', '数据量(GiB)', 'Data volume (GiB)', '500'),
    num('downtimeHours', '可停机时长(小时)', 'Allowed downtime (hours)', '4'),
    {
      key: 'answers.rollbackPlan',
      zh: '是否有回退方案',
      en: 'Rollback plan',
      required: false,
      example: '是',
      note: { zh: '是、否', en: '是 (yes) or 否 (no)' },
      read: (c, d) => set<boolean>((v) => (d.answers.rollbackPlan = v))(readYesNo(c)),
      write: (d) => (d.answers.rollbackPlan === undefined ? null : d.answers.rollbackPlan ? '是' : '否'),
    },
    num('interfaces', '外部接口数量', 'External interfaces', '3'),
    text(
      'interfaceList',
      '外部接口清单',
      'External interface list',
      '统一身份认证；电子证照库；支付平台',
      2000,
    ),
    {
      key: 'answers.mlpsStatus',
      zh: '等保测评状态',
      en: 'MLPS assessment status',
      required: false,
      example: MLPS_STATUS_WORDS.assessed,
      note: words(MLPS_STATUS_WORDS),
      read: (c, d) => set<MlpsStatus>((v) => (d.answers.mlpsStatus = v))(readWord(c, MLPS_STATUS_WORDS)),
      write: (d) => (d.answers.mlpsStatus ? MLPS_STATUS_WORDS[d.answers.mlpsStatus] : null),
    },
  ];
};

export interface AnswersDraft {
  system?: string;
  archetype?: string;
  answers: Answers;
}
export interface ArchetypeDraft {
  id?: string;
  name: { zh?: string; en?: string };
  answers: Answers;
}

/** 上云评估问卷: a system's answers; a blank answer is inherited from the archetype named. */
export const READINESS_COLUMNS: ColumnDef<AnswersDraft>[] = [
  {
    key: 'system',
    zh: '系统编号',
    en: 'System id',
    required: true,
    example: 'czt-portal',
    read: (c, d) => set<string>((v) => (d.system = v))(readText(c, 48)),
    write: (d) => d.system ?? null,
  },
  {
    key: 'archetype',
    zh: '评估模板',
    en: 'Archetype',
    required: false,
    example: 'portal-kylin-dm',
    note: { zh: '模板编号（见“评估模板”表）', en: 'archetype id (see the archetypes sheet)' },
    read: (c, d) => set<string>((v) => (d.archetype = v))(readText(c, 48)),
    write: (d) => d.archetype ?? null,
  },
  ...answerColumns<AnswersDraft>(),
];

/** 评估模板: named answer sets. */
export const ARCHETYPE_COLUMNS: ColumnDef<ArchetypeDraft>[] = [
  {
    key: 'id',
    zh: '模板编号',
    en: 'Archetype id',
    required: true,
    example: 'portal-kylin-dm',
    read: (c, d) => set<string>((v) => (d.id = v))(readText(c, 48)),
    write: (d) => d.id ?? null,
  },
  {
    key: 'name.zh',
    zh: '模板名称',
    en: 'Archetype name',
    required: true,
    example: '门户网站（麒麟+达梦）',
    read: (c, d) => set<string>((v) => (d.name.zh = v))(readText(c, 100)),
    write: (d) => d.name.zh ?? null,
  },
  {
    key: 'name.en',
    zh: '模板英文名称',
    en: 'Archetype English name',
    required: true,
    example: 'Portal on Kylin and DM',
    read: (c, d) => set<string>((v) => (d.name.en = v))(readText(c, 100)),
    write: (d) => d.name.en ?? null,
  },
  ...answerColumns<ArchetypeDraft>(),
];

export const COLUMNS = {
  systems: SYSTEM_COLUMNS,
  resources: RESOURCE_COLUMNS,
  readiness: READINESS_COLUMNS,
  archetypes: ARCHETYPE_COLUMNS,
} as const;

/** A1 column letters: 0 → A, 25 → Z, 26 → AA. */
export function columnLetter(i: number): string {
  let s = '';
  for (let n = i + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}
