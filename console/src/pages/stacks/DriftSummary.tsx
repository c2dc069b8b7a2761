import { Alert } from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useTRPC } from '../../app/trpc.ts';

/** Drift counts for the operator overview, linking to the stacks page. Nothing while in step. */
export function DriftSummary() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const { data } = useQuery(trpc.stacks.drift.queryOptions());
  if (!data || (data.items.length === 0 && data.unassigned === 0)) return null;
  return (
    <Alert severity="warning" data-testid="drift-summary" data-systems={data.systems}>
      {data.items.length > 0 && (
        <Link to="/stacks">
          {t('stacks.overview', {
            systems: data.systems,
            unmanaged: (data.counts as Record<string, number>)['live-not-declared'] ?? 0,
          })}
        </Link>
      )}
      {data.items.length > 0 && data.unassigned > 0 && t('list.separator')}
      {data.unassigned > 0 && (
        <Link to="/clusters" data-testid="drift-unassigned">
          {t('stacks.unassigned', { count: data.unassigned })}
        </Link>
      )}
    </Alert>
  );
}
