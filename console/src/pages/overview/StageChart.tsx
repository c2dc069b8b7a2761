import { BarChart } from '@mui/x-charts/BarChart';
import { useTranslation } from 'react-i18next';
import { STAGES } from '../../app/domain.ts';
import type { Overview } from './OverviewPage.tsx';

/** Systems per stage, stacked by network. */
export default function StageChart({ data }: { data: Overview }) {
  const { t } = useTranslation();
  return (
    <BarChart
      height={280}
      xAxis={[
        {
          scaleType: 'band',
          data: STAGES.map((s) => t(`stage.${s}`)),
          height: 36,
          tickLabelInterval: () => true,
        },
      ]}
      series={(['internal', 'external'] as const).map((n) => ({
        label: t(`network.${n}`),
        data: STAGES.map((s) => data.networks[n].byStage[s]),
        stack: 'all',
      }))}
    />
  );
}
