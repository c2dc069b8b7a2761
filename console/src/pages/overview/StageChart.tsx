import { BarChart } from '@mui/x-charts/BarChart';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { STAGES } from '../../app/domain.ts';
import type { Overview } from './OverviewPage.tsx';

const NETWORKS = ['internal', 'external'] as const;

/** Systems per stage, stacked by network; a bar opens that stage's systems on that network. */
export default function StageChart({ data }: { data: Overview }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <BarChart
      height={280}
      onItemClick={(_e, item) => {
        const stage = STAGES[item.dataIndex ?? -1];
        const network = NETWORKS.find((n) => n === item.seriesId);
        if (stage && network) void navigate(`/systems?stage=${stage}&network=${network}`);
      }}
      xAxis={[
        {
          scaleType: 'band',
          data: STAGES.map((s) => t(`stage.${s}`)),
          height: 36,
          tickLabelInterval: () => true,
        },
      ]}
      series={NETWORKS.map((n) => ({
        id: n,
        label: t(`network.${n}`),
        data: STAGES.map((s) => data.networks[n].byStage[s]),
        stack: 'all',
      }))}
    />
  );
}
