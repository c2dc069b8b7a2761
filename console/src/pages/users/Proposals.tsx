// Role grant proposals (four eyes): the security administrator sees every proposal and approves or
// refuses the pending ones (never their own: the server refuses it, and the row says so); a
// proposer sees the state of their own. An approval applies the grant and ends the account's
// sessions; both are audited on the server.
import { Alert, Button, Chip, Stack, Typography } from '@mui/material';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useTRPC, type Outputs } from '../../app/trpc.ts';
import { useFormat } from '../../app/format.ts';
import { useCan, useSession } from '../../app/session.ts';
import { DataTable, type Column } from '../../components/table/DataTable.tsx';
import { Loading } from '../../components/Loading.tsx';
import { Panel } from '../../components/Panel.tsx';
import { ConfirmAction } from '../../components/ConfirmAction.tsx';

type Proposal = Outputs['grants']['list'][number];

const STATUS_COLOR = { pending: 'warning', approved: 'success', refused: 'default' } as const;

export function Proposals() {
  const { t } = useTranslation();
  const f = useFormat();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const can = useCan();
  const me = useSession().data?.viewer?.id;
  const decides = can('grants.decide');
  const list = useQuery(trpc.grants.list.queryOptions());
  const [deciding, setDeciding] = useState<{ p: Proposal; approve: boolean } | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const decide = useMutation(
    trpc.grants.decide.mutationOptions({
      onSuccess: (p) => {
        setDeciding(null);
        setDone(
          t(p.status === 'approved' ? 'proposals.approvedDone' : 'proposals.refusedDone', { id: p.id }),
        );
        void queryClient.invalidateQueries({ queryKey: trpc.grants.list.queryKey() });
        void queryClient.invalidateQueries({ queryKey: trpc.users.list.queryKey() });
      },
      // A lost race or a refusal: the list is reloaded to the latest state.
      onError: () => void queryClient.invalidateQueries({ queryKey: trpc.grants.list.queryKey() }),
    }),
  );
  const where = (p: Proposal) =>
    [p.unitName ? f.name(p.unitName) : null, p.network ? t(`network.${p.network}`) : null]
      .filter(Boolean)
      .join(t('list.separator'));
  const columns: Column<Proposal>[] = [
    { field: 'id', headerName: '#', width: 60, type: 'number' },
    { field: 'username', headerName: t('proposals.account'), width: 130 },
    {
      field: 'role',
      headerName: t('proposals.role'),
      width: 130,
      valueGetter: (_v, p) => t(`roles.${p.role}`),
    },
    {
      field: 'where',
      headerName: t('proposals.where'),
      flex: 1,
      minWidth: 180,
      valueGetter: (_v, p) => where(p) || '—',
    },
    { field: 'reason', headerName: t('proposals.reason'), flex: 1, minWidth: 160 },
    ...(decides ? [{ field: 'proposedBy', headerName: t('proposals.proposedBy'), width: 120 }] : []),
    {
      field: 'proposedAt',
      headerName: t('proposals.proposedAt'),
      width: 160,
      valueFormatter: (v: string) => f.dateTime(v),
    },
    {
      field: 'status',
      headerName: t('proposals.status'),
      width: 220,
      valueGetter: (_v, p) => t(`proposals.statuses.${p.status}`),
      renderCell: (p) => (
        <Stack spacing={0.5} sx={{ py: 0.5, alignItems: 'flex-start' }}>
          <Chip
            size="small"
            color={STATUS_COLOR[p.row.status]}
            label={t(`proposals.statuses.${p.row.status}`)}
            data-testid={`proposal-status-${p.row.id}`}
            data-status={p.row.status}
          />
          {p.row.decidedBy && (
            <Typography variant="caption">
              {t('proposals.decidedBy', { name: p.row.decidedBy, time: f.dateTime(p.row.decidedAt) })}
              {p.row.comment ? t('proposals.comment', { comment: p.row.comment }) : ''}
            </Typography>
          )}
        </Stack>
      ),
    },
    // The security administrator decides the pending ones; a proposal of their own is another's.
    ...(decides
      ? [
          {
            field: 'decide',
            headerName: t('proposals.decision'),
            width: 190,
            sortable: false,
            renderCell: (p: { row: Proposal }) =>
              p.row.status !== 'pending' ? null : p.row.proposedBy === me ? (
                <Typography variant="caption">{t('proposals.own')}</Typography>
              ) : (
                <Stack direction="row" spacing={1} sx={{ py: 0.5 }}>
                  <Button
                    size="small"
                    variant="contained"
                    data-testid={`proposal-approve-${p.row.id}`}
                    onClick={() => {
                      decide.reset();
                      setDeciding({ p: p.row, approve: true });
                    }}
                  >
                    {t('proposals.approve')}
                  </Button>
                  <Button
                    size="small"
                    color="error"
                    data-testid={`proposal-refuse-${p.row.id}`}
                    onClick={() => {
                      decide.reset();
                      setDeciding({ p: p.row, approve: false });
                    }}
                  >
                    {t('proposals.refuse')}
                  </Button>
                </Stack>
              ),
          },
        ]
      : []),
  ];
  const pending = (list.data ?? []).filter((p) => p.status === 'pending').length;
  return (
    <Panel
      title={decides ? t('proposals.title', { n: pending }) : t('proposals.mine')}
      testId="proposals-panel"
    >
      <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
        {decides ? t('proposals.decideHelp') : t('proposals.proposeHelp')}
      </Typography>
      {done && (
        <Alert severity="success" sx={{ mb: 1 }} onClose={() => setDone(null)} data-testid="proposal-done">
          {done}
        </Alert>
      )}
      <Loading query={list}>
        {(rows) =>
          rows.length ? (
            <DataTable
              id="proposals"
              title={decides ? t('proposals.tableTitle') : t('proposals.mine')}
              rows={rows}
              columns={columns}
              getRowHeight={() => 'auto'}
            />
          ) : (
            <Typography variant="body2" data-testid="proposals-none">
              {t('proposals.none')}
            </Typography>
          )
        }
      </Loading>
      {deciding && (
        <ConfirmAction
          testId="proposal-decide"
          title={t(deciding.approve ? 'proposals.approveTitle' : 'proposals.refuseTitle', {
            id: deciding.p.id,
          })}
          what={t(deciding.approve ? 'proposals.approveWhat' : 'proposals.refuseWhat', {
            username: deciding.p.username,
            role: t(`roles.${deciding.p.role}`),
            where: where(deciding.p) || t('proposals.noPlace'),
          })}
          action={t(deciding.approve ? 'proposals.approve' : 'proposals.refuse')}
          busy={decide.isPending}
          error={decide.error?.message ?? null}
          onConfirm={(comment) =>
            decide.mutate({ id: deciding.p.id, approve: deciding.approve, ...(comment ? { comment } : {}) })
          }
          onClose={() => setDeciding(null)}
        />
      )}
    </Panel>
  );
}
