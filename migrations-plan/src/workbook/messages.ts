// The words for what can be wrong in a workbook's cells, in both languages. Problems found by the
// plan's own rules (rules.ts) keep their codes; the console words those as it words the plan's.
export type WorkbookLocale = 'zh-CN' | 'en';

const WORDS: Record<string, { zh: string; en: string }> = {
  'not-xlsx': { zh: '不是有效的 .xlsx 工作簿', en: 'not a readable .xlsx workbook' },
  'missing-sheet': { zh: '缺少工作表“{sheet}”', en: 'the sheet “{sheet}” is missing' },
  'missing-column': { zh: '缺少列“{column}”', en: 'the column “{column}” is missing' },
  'duplicate-column': { zh: '列“{column}”重复', en: 'the column “{column}” appears twice' },
  'too-many-rows': { zh: '超过 {max} 行，请拆分工作簿', en: 'more than {max} rows: split the workbook' },
  required: { zh: '“{column}”必须填写', en: '“{column}” is required' },
  'cell-error': {
    zh: '单元格是错误值 {error}（公式未算出结果）',
    en: 'the cell holds the error {error} (a formula without a result)',
  },
  'too-long': { zh: '内容超过 {max} 个字符', en: 'longer than {max} characters' },
  'not-a-date': {
    zh: '“{value}”不是日期（写作 2026-07-22 或使用日期单元格）',
    en: '“{value}” is not a date (write 2026-07-22 or use a date cell)',
  },
  'not-a-number': { zh: '“{value}”不是数字', en: '“{value}” is not a number' },
  'not-one-of': { zh: '“{value}”不是可选值之一：{allowed}', en: '“{value}” is not one of: {allowed}' },
  'unknown-unit': {
    zh: '单位“{value}”不在组织机构中',
    en: 'the unit “{value}” is not in the organisation tree',
  },
  'bad-dependency': {
    zh: '依赖“{value}”应写作“系统编号”或“系统编号（交换通道）”',
    en: 'the dependency “{value}” should read “id” or “id（channel）”',
  },
  'unknown-system': {
    zh: '系统编号 {system} 不在“应用系统详细信息表”中',
    en: 'the system {system} is not on the application systems sheet',
  },
  'duplicate-row': {
    zh: '系统编号 {system} 已在第 {row} 行出现',
    en: 'the system {system} already has row {row}',
  },
  'no-resources': {
    zh: '“云资源测算清单”中没有系统 {system} 的资源测算',
    en: 'the cloud resource estimate has no row for {system}',
  },
  'unknown-archetype': { zh: '评估模板 {archetype} 不存在', en: 'there is no archetype {archetype}' },
  'invalid-answer': { zh: '答复不符合要求：{detail}', en: 'the answer is not valid: {detail}' },
  'other-file': { zh: '计划文件 {file} 中：{detail}', en: 'in the plan file {file}: {detail}' },
};

/** The workbook problem's words in the locale, or null for a code of the plan's rules. */
export function workbookWords(
  code: string,
  params: Record<string, string | number>,
  locale: WorkbookLocale,
): string | null {
  const w = WORDS[code];
  if (!w) return null;
  return w[locale === 'en' ? 'en' : 'zh'].replace(/\{(\w+)\}/g, (_, k: string) =>
    String(params[k] ?? `{${k}}`),
  );
}
