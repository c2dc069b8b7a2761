// The leader's home: migration against target with the forecast, capacity and run-out per
// network, the department ranking, overdue and blocked counts; one click to the printable briefing.
import { Button, Stack } from '@mui/material';
import PrintIcon from '@mui/icons-material/Print';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useTRPC } from '../../app/trpc.ts';
import { Loading } from '../../components/Loading.tsx';
import { NetworkCapacity } from '../../components/capacity/NetworkCapacity.tsx';
import { OverviewView } from '../overview/OverviewPage.tsx';
import { DepartmentsToWatch } from './TodoPanels.tsx';
import { RateTrend } from './RateTrend.tsx';
import { OtherNetworkSummaries } from '../../components/network-summary/OtherNetworkSummary.tsx';
import { LegacyStillServing } from '../../components/evidence/LegacyStillServing.tsx';

export default function LeaderHome() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const query = useQuery(trpc.overview.get.queryOptions());
  return (
    <Stack spacing={2} data-testid="home-leader">
      <Stack direction="row" sx={{ justifyContent: 'flex-end' }}>
        <Button
          component={Link}
          to="/briefing"
          variant="contained"
          startIcon={<PrintIcon />}
          data-testid="open-briefing"
        >
          {t('briefing.open')}
        </Button>
      </Stack>
      <Loading query={query}>
        {(data) => (
          <OverviewView data={data}>
            <LegacyStillServing rows={data.legacyStillServing} />
            <RateTrend targets={data.targets} />
            <OtherNetworkSummaries />
            <DepartmentsToWatch departments={data.departments} />
            <NetworkCapacity />
          </OverviewView>
        )}
      </Loading>
    </Stack>
  );
}
