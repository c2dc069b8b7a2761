// The headline migration figures, the same on every page that shows them (overview, leader's and
// department's homes): each opens the list of systems behind it, and the in-scope figure says what
// it leaves out in the plan's own terms (the rule is the server's; this only says it).
import { Grid } from '@mui/material';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../app/format.ts';
import { Kpi, type KpiProps } from '../../components/Kpi.tsx';
import type { Overview } from './OverviewPage.tsx';

/** The figures of `data`; `extra` is one more card after them (a department's pending requests). */
export function HeadlineFigures({ data, extra }: { data: Overview; extra?: React.ReactNode }) {
  const { t } = useTranslation();
  const f = useFormat();
  // What the rate leaves out, in the plan's own terms (the rule is the server's; this only says it).
  const scopeHint = t('overview.inScopeHint', {
    excluded: f.num(data.total.total - data.total.inScope),
    strategies: data.scopeRule.countApart.map((k) => t(`strategy.${k}`)).join(t('list.and')),
    classified: data.scopeRule.excludeClassified ? t('overview.classified') : '',
  });
  // Of those, the systems an approved exception (不上云例外) keeps off the cloud (the server counts them).
  const exceptedHint = data.total.excepted
    ? t('exception.countedHint', { count: f.num(data.total.excepted) })
    : '';
  const figures: KpiProps[] = [
    { id: 'total', label: t('overview.systems'), value: f.num(data.total.total), to: '/systems' },
    {
      id: 'in-scope',
      label: t('overview.inScope'),
      value: f.num(data.total.inScope),
      to: '/systems?inScope=true',
      hint: scopeHint + exceptedHint,
      term: 'counted',
    },
    {
      id: 'migrated',
      label: t('overview.migrated'),
      value: f.num(data.total.migrated),
      to: '/systems?stage=migrated&inScope=true',
    },
    { id: 'rate', label: t('overview.rate'), value: f.pct(data.total.rate), to: '/systems?inScope=true' },
    {
      id: 'overdue',
      label: t('overview.overdue'),
      value: f.num(data.total.overdue),
      to: '/systems?overdue=true',
    },
    {
      id: 'blocked',
      label: t('overview.blocked'),
      value: f.num(data.total.blocked),
      to: '/systems?blocked=true',
    },
    {
      id: 'on-time',
      label: t('overview.onTimeRate'),
      value: f.pct(data.total.onTimeRate),
      to: '/systems?cutover=due',
      hint: t('overview.onTimeHint', { onTime: data.total.cutoverOnTime, due: data.total.cutoverDue }),
    },
  ];
  const cards = [...figures.map((k) => <Kpi key={k.id} {...k} />), ...(extra ? [extra] : [])];
  return (
    <Grid container spacing={2} columns={{ xs: 12, md: 2 * cards.length }}>
      {cards.map((card, i) => (
        <Grid key={i} size={{ xs: 6, md: 2 }}>
          {card}
        </Grid>
      ))}
    </Grid>
  );
}
