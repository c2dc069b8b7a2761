import { Alert, CircularProgress, Stack } from '@mui/material';
import { useTranslation } from 'react-i18next';
import { WhyNot } from '../app/PageGuard.tsx';

/** Renders loading and error states of a query, or its data through `children`. */
export function Loading<T>({
  query,
  children,
}: {
  query: {
    data: T | undefined;
    error: {
      message: string;
      data?: { code?: string; refusal?: { permission: string } | null } | null;
    } | null;
    isPending: boolean;
  };
  children: (data: T) => React.ReactNode;
}) {
  const { t } = useTranslation();
  if (query.error) {
    const forbidden = query.error.data?.code === 'FORBIDDEN' || query.error.data?.code === 'UNAUTHORIZED';
    // A permission refused it: say which, who holds it and who grants it (from the server's policy).
    const refusal = query.error.data?.refusal;
    if (forbidden && refusal)
      return (
        <Alert severity="info">
          <WhyNot permission={refusal.permission} />
        </Alert>
      );
    return (
      <Alert severity={forbidden ? 'info' : 'error'}>
        {forbidden ? t('app.noAccess') : t('app.error', { message: query.error.message })}
      </Alert>
    );
  }
  if (query.isPending || query.data === undefined) {
    return (
      <Stack sx={{ alignItems: 'center', p: 4 }} aria-busy="true">
        <CircularProgress aria-label={t('app.loading')} />
      </Stack>
    );
  }
  return <>{children(query.data)}</>;
}
