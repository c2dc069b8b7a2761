// On the leader's home: legacy systems signed off as retired that still answer requests, each
// opening its system. Nothing shown when there is none (the finding is the exception, not a figure).
import { Alert, List, ListItem, Typography } from '@mui/material';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useFormat } from '../../app/format.ts';
import type { Outputs } from '../../app/trpc.ts';
import { Panel } from '../Panel.tsx';

type Row = Outputs['overview']['get']['legacyStillServing'][number];

export function LegacyStillServing({ rows }: { rows: readonly Row[] }) {
  const { t } = useTranslation();
  const f = useFormat();
  if (!rows.length) return null;
  return (
    <Panel title={t('legacyStillServing.title')} testId="legacy-still-serving">
      <Alert severity="warning" sx={{ mb: 1 }}>
        {t('legacyStillServing.explain', { count: rows.length, n: f.num(rows.length) })}
      </Alert>
      <List dense disablePadding>
        {rows.map((r) => (
          <ListItem key={r.id} disableGutters data-testid={`legacy-still-serving-${r.id}`}>
            <Typography variant="body2">
              <Link to={`/systems/${encodeURIComponent(r.id)}`}>{f.name(r.name)}</Link>
              {' · '}
              {t('legacyStillServing.row', {
                department: f.name(r.departmentName),
                hosts: r.hosts,
                rate: f.num(r.ratePerSecond),
              })}
            </Typography>
          </ListItem>
        ))}
      </List>
    </Panel>
  );
}
