// Evidence and blockers arrive as a code and parameters (the server's words are codes, never
// sentences); here they become a sentence in the reader's language. Dates are formatted for the
// locale, and parameters that are names of things — a resource, a traffic direction, a network —
// are translated, so no `cpu` or `egress` reaches a reader.
import { useTranslation } from 'react-i18next';
import { useFormat } from './format.ts';

/** Parameters whose values are vocabulary, and where their words live in the locale files. */
const VOCABULARY: Record<string, string> = {
  resource: 'resource',
  lacking: 'direction',
  network: 'network',
  kind: 'plan.kinds',
};

type Coded = { code: string; params?: Record<string, string | number> | undefined };

export function useEvidenceText() {
  const { t, i18n } = useTranslation();
  const f = useFormat();
  const word = (key: string, v: string) =>
    v
      .split('+')
      .map((part) => (i18n.exists(`${key}.${part}`) ? t(`${key}.${part}`) : part))
      .join(t('list.and'));
  return (prefix: 'evidence' | 'blocker' | 'plan.problems', e: Coded) => {
    const params = Object.fromEntries(
      Object.entries(e.params ?? {}).map(([k, v]) => [
        k,
        typeof v === 'string' && VOCABULARY[k]
          ? word(VOCABULARY[k], v)
          : typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(v)
            ? f.dateTime(v)
            : typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v)
              ? f.date(v)
              : typeof v === 'number'
                ? f.num(v)
                : v,
      ]),
    );
    return t(`${prefix}.${e.code}`, params);
  };
}

/** Several coded items as one line, with the language's own separator. */
export function useEvidenceList() {
  const { t } = useTranslation();
  const text = useEvidenceText();
  return (prefix: 'evidence' | 'blocker', items: readonly Coded[]) =>
    items.map((e) => text(prefix, e)).join(t('list.separator'));
}
