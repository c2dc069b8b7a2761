// A system's exception (不上云例外) on its page: the one in force and its last day, an application
// awaiting the data bureau, how the last one ended; the department applies (or applies to extend)
// and withdraws its own pending application; the data bureau is sent to the exceptions page.
// Whether the system is counted apart is the tracker's (`exception` on the system), not this page's.
import { Alert, Button, Stack, Typography } from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useTRPC, type Outputs } from '../../app/trpc.ts';
import { useFormat } from '../../app/format.ts';
import { useCan } from '../../app/session.ts';
import { WhyNotButton } from '../../app/PageGuard.tsx';
import { Panel } from '../../components/Panel.tsx';
import { TermHelp } from '../../components/TermHelp.tsx';
import {
  ActDialog,
  ApplyDialog,
  ExceptionDecisionText,
  ExceptionStateChip,
  type ExceptionRow,
} from '../exceptions/ExceptionParts.tsx';

type System = Outputs['systems']['get'];

export function ExceptionPanel({ s }: { s: System }) {
  const { t } = useTranslation();
  const f = useFormat();
  const trpc = useTRPC();
  const can = useCan();
  const list = useQuery(trpc.exceptions.list.queryOptions({ system: s.id }));
  const [applying, setApplying] = useState(false);
  const [withdrawing, setWithdrawing] = useState<ExceptionRow | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const rows = list.data ?? [];
  const pending = rows.find((r) => r.status === 'pending');
  const approved = rows.find((r) => r.status === 'approved');
  // The last one that ended (rejected, withdrawn, revoked), when nothing is open.
  const ended = !pending && !approved ? rows[0] : undefined;
  // The plan counts its own retain and retire systems apart; a migrated system needs none.
  const applicable = s.plan.strategy !== 'retain' && s.plan.strategy !== 'retire' && s.stage !== 'migrated';
  const name = f.name(s.plan.name);
  return (
    <Panel
      sx={{ mt: 2 }}
      testId="exception-panel"
      title={
        <>
          {t('exception.panelTitle')}
          <TermHelp term="exception" />
        </>
      }
    >
      <Stack spacing={1} sx={{ mt: 1 }}>
        {done && (
          <Alert severity="success" onClose={() => setDone(null)} data-testid="exception-done">
            {done}
          </Alert>
        )}
        {s.exception && (
          <Alert severity="info" data-testid="exception-in-force">
            {t('exception.inForce', { date: f.date(s.exception.until), by: s.exception.approvedBy })}{' '}
            {t('exception.countedApart')}
          </Alert>
        )}
        {approved && approved.state === 'expired' && (
          <Alert severity="warning" data-testid="exception-expired">
            {t('exception.expiredNote', { date: f.date(approved.expiresOn) })}
          </Alert>
        )}
        {[pending, approved, ended]
          .filter((r): r is ExceptionRow => !!r)
          .map((r) => (
            <Stack key={r.id} spacing={0.5} data-testid={`exception-row-${r.id}`}>
              <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
                <ExceptionStateChip row={r} />
                {r.may.withdraw && (
                  <Button size="small" onClick={() => setWithdrawing(r)} data-testid="exception-withdraw">
                    {t('exception.acts.withdraw.action')}
                  </Button>
                )}
                {(r.may.decide || r.may.revoke) && (
                  <Button size="small" component={Link} to="/exceptions" data-testid="exception-to-decide">
                    {t('exception.toDecide')}
                  </Button>
                )}
              </Stack>
              <Typography variant="body2">
                {t('exception.summary', {
                  date: f.date(r.expiresOn),
                  by: r.appliedBy,
                  time: f.dateTime(r.appliedAt),
                })}
              </Typography>
              <Typography variant="body2" color="text.secondary">
                {t('exception.reasonLine', { reason: r.reason })}
              </Typography>
              <ExceptionDecisionText row={r} />
            </Stack>
          ))}
        {!rows.length && !list.isLoading && (
          <Typography variant="body2" color="text.secondary">
            {t('exception.noneForSystem')}
          </Typography>
        )}
        {applicable && !pending && (
          <Stack direction="row">
            {can('exceptions.apply') ? (
              <Button
                variant="outlined"
                size="small"
                onClick={() => setApplying(true)}
                data-testid="exception-apply"
              >
                {t(approved ? 'exception.renew' : 'exception.apply')}
              </Button>
            ) : (
              <WhyNotButton permission="exceptions.apply" action={t('exception.apply')} />
            )}
          </Stack>
        )}
      </Stack>
      {applying && (
        <ApplyDialog
          system={s.id}
          systemName={name}
          renew={!!approved}
          onClose={() => setApplying(false)}
          onDone={(r) => {
            setApplying(false);
            setDone(t('exception.submitted', { id: r.id }));
          }}
        />
      )}
      {withdrawing && (
        <ActDialog
          row={withdrawing}
          act="withdraw"
          onClose={() => setWithdrawing(null)}
          onDone={() => {
            setWithdrawing(null);
            setDone(t('exception.withdrawn'));
          }}
        />
      )}
    </Panel>
  );
}
