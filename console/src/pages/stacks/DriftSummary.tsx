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
  if (!data?.configured || data.items.length === 0) return null;
  return (
    <Alert severity="warning" data-testid="drift-summary" data-systems={data.systems}>
      <Link to="/stacks">
        {t('stacks.overview', { systems: data.systems, unmanaged: data.counts['live-not-declared'] ?? 0 })}
      </Link>
    </Alert>
  );
}
