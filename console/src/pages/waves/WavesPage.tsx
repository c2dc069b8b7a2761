import { Grid, Stack, Typography } from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { MIGRATION_PATH } from '../../app/domain.ts';
import { useTRPC } from '../../app/trpc.ts';
import { useFormat } from '../../app/format.ts';
import { Loading } from '../../components/Loading.tsx';
import { Panel, Page } from '../../components/Panel.tsx';
import { WaveBurnUp } from './WaveBurnUp.tsx';

export default function WavesPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const trpc = useTRPC();
  const query = useQuery(trpc.waves.list.queryOptions());
  return (
    <Page title={t('waves.title')}>
      <Loading query={query}>
        {(waves) => (
          <Grid container spacing={2}>
            {waves.map((w) => (
              <Grid key={w.id} size={{ xs: 12, md: 6, lg: 4 }}>
                <Panel
                  testId={`wave-${w.id}`}
                  title={<Link to={`/systems?wave=${w.id}`}>{f.name(w.name)}</Link>}
                >
                  <Typography variant="body2" color="text.secondary">
                    {t('waves.window', { start: f.date(w.start), end: f.date(w.end) })} ·{' '}
                    {t('waves.systems', { count: w.rollup?.total ?? 0 })} · {t('overview.rate')}{' '}
                    {f.pct(w.rollup?.rate)}
                  </Typography>
                  <Stack direction="row" sx={{ flexWrap: 'wrap', gap: 1, my: 1 }}>
                    {MIGRATION_PATH.map((s) => (
                      <Typography key={s} variant="caption">
                        {t(`stage.${s}`)} {w.rollup?.byStage[s] ?? 0}
                      </Typography>
                    ))}
                  </Stack>
                  <WaveBurnUp wave={w} />
                </Panel>
              </Grid>
            ))}
          </Grid>
        )}
      </Loading>
    </Page>
  );
}
