// Where an account sits: its role, its organisation unit (for the roles that take one; required for
// those that must have one) and its network (for the roles kept to one). The security
// administrator grants it directly (users.grant); the system administrator or a department
// administrator proposes it with a reason (grants.propose), and the security administrator decides.
// Which role takes what comes from the server's policy (meta.policy), never from here.
import {
  Alert,
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  MenuItem,
  Stack,
  TextField,
  Typography,
} from '@mui/material';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useTRPC, type Inputs } from '../../app/trpc.ts';
import { NETWORKS } from '../../app/domain.ts';
import { usePolicy } from '../../app/session.ts';
import { fieldError, type ApiError } from '../../app/api-error.ts';
import { UnitPicker } from '../../components/UnitPicker.tsx';

type Role = Inputs['users']['grant']['role'];
type Network = (typeof NETWORKS)[number];

export interface Placed {
  username: string;
  displayName: string;
  role: Role;
  department: string | null;
  network?: Network | null;
}

export function GrantDialog({
  account,
  mode,
  onClose,
  onDone,
}: {
  account: Placed;
  /** 'grant': applied now (the security administrator); 'propose': awaits a decision. */
  mode: 'grant' | 'propose';
  onClose: () => void;
  /** After success, with what to tell the person. */
  onDone: (message: string) => void;
}) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const policy = usePolicy();
  const options = useQuery(trpc.grants.options.queryOptions());
  const [role, setRole] = useState<Role>(account.role);
  const [unit, setUnit] = useState<string | null>(account.department);
  const [network, setNetwork] = useState<Network | ''>(account.network ?? '');
  const [reason, setReason] = useState('');
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: trpc.users.list.queryKey() });
    void queryClient.invalidateQueries({ queryKey: trpc.grants.list.queryKey() });
    void queryClient.invalidateQueries({ queryKey: trpc.staff.list.queryKey() });
  };
  const grant = useMutation(
    trpc.users.grant.mutationOptions({
      onSuccess: () => {
        refresh();
        onDone(t('grant.granted', { name: account.username }));
      },
    }),
  );
  const propose = useMutation(
    trpc.grants.propose.mutationOptions({
      onSuccess: (p) => {
        refresh();
        onDone(t('grant.proposed', { id: p.id }));
      },
    }),
  );
  const busy = grant.isPending || propose.isPending;
  const error = (mode === 'grant' ? grant.error : propose.error) as ApiError | null;
  const err = (k: string) => fieldError(error, k);
  const takesUnit = !!policy.data?.unitRoles.includes(role);
  const needsUnit = !!policy.data?.unitRequired.includes(role);
  const takesNetwork = !!policy.data?.networkRoles.includes(role);
  const roles = (options.data?.roles ?? [account.role]) as Role[];
  const submit = () => {
    // A network only for the roles kept to one (the others have none to send).
    const placed = {
      username: account.username,
      role,
      department: takesUnit ? unit : null,
      ...(takesNetwork ? { network: network || null } : {}),
    };
    if (mode === 'grant') grant.mutate(placed);
    else propose.mutate({ ...placed, reason: reason.trim() });
  };
  // A refusal with no field to show it on (one's own account, a pending proposal): above the form.
  const summary = error && !Object.keys(error.data?.fieldErrors ?? {}).length ? error.message : null;
  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="sm" data-testid="grant-dialog">
      <DialogTitle>
        {t(mode === 'grant' ? 'grant.title' : 'grant.proposeTitle', {
          name: `${account.displayName} (${account.username})`,
        })}
      </DialogTitle>
      <DialogContent>
        <Stack spacing={2} sx={{ pt: 1 }}>
          {summary && (
            <Alert severity="error" data-testid="grant-error">
              {summary}
            </Alert>
          )}
          {mode === 'propose' && (
            <Typography variant="body2" color="text.secondary">
              {t('grant.proposeHelp')}
            </Typography>
          )}
          <TextField
            select
            size="small"
            label={t('grant.role')}
            value={role}
            onChange={(e) => setRole(e.target.value as Role)}
            error={!!err('role')}
            helperText={err('role')}
            slotProps={{ htmlInput: { 'data-testid': 'grant-role' } }}
          >
            {roles.map((r) => (
              <MenuItem key={r} value={r}>
                {t(`roles.${r}`)}
              </MenuItem>
            ))}
          </TextField>
          {takesUnit && (
            <UnitPicker
              units={options.data?.units ?? []}
              value={unit}
              onChange={setUnit}
              label={t('grant.unit')}
              required={needsUnit}
              error={!!err('department')}
              helperText={err('department') ?? (needsUnit ? t('grant.unitNeeded') : t('grant.unitOptional'))}
              testId="grant-unit"
            />
          )}
          {takesNetwork && (
            <TextField
              select
              size="small"
              label={t('grant.network')}
              value={network}
              onChange={(e) => setNetwork(e.target.value as Network | '')}
              error={!!err('network')}
              helperText={err('network') ?? t('grant.networkHint')}
              slotProps={{
                select: { displayEmpty: true },
                inputLabel: { shrink: true },
                htmlInput: { 'data-testid': 'grant-network' },
              }}
            >
              <MenuItem value="">{t('grant.bothNetworks')}</MenuItem>
              {NETWORKS.map((n) => (
                <MenuItem key={n} value={n}>
                  {t(`network.${n}`)}
                </MenuItem>
              ))}
            </TextField>
          )}
          {mode === 'propose' && (
            <TextField
              size="small"
              multiline
              minRows={2}
              required
              label={t('grant.reason')}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              error={!!err('reason')}
              helperText={err('reason') ?? t('grant.reasonHint')}
              slotProps={{ htmlInput: { maxLength: 500, 'data-testid': 'grant-reason' } }}
            />
          )}
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{t('grant.cancel')}</Button>
        <Button variant="contained" disabled={busy} onClick={submit} data-testid="grant-submit">
          {t(mode === 'grant' ? 'grant.submit' : 'grant.proposeSubmit')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
