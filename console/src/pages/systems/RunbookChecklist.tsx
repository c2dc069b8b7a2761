// The cut-over runbook (割接预案): the department ticks each item as it is done; the server keeps
// who and when, and says whether the cut-over can be signed. Ticking is the signer's (the
// department's); everyone who reads the system sees the list.
import { Checkbox, FormControlLabel, Stack, Typography } from '@mui/material';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useTRPC, type Outputs } from '../../app/trpc.ts';
import { useFormat } from '../../app/format.ts';

type Runbook = Outputs['workflows']['forSystem']['runbook'];

export function RunbookChecklist({
  system,
  runbook,
  editable,
  onError,
}: {
  system: string;
  runbook: Runbook;
  editable: boolean;
  onError: (message: string | null) => void;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const tick = useMutation(
    trpc.workflows.tickRunbook.mutationOptions({
      onSuccess: () => {
        onError(null);
        void queryClient.invalidateQueries({ queryKey: trpc.workflows.forSystem.queryKey({ system }) });
      },
      onError: (e) => onError(e.message),
    }),
  );
  return (
    <Stack data-testid="runbook" data-missing={runbook.missing.length}>
      <Typography variant="subtitle2">{t('runbook.title')}</Typography>
      {runbook.items.map(({ item, done }) => (
        <Stack key={item} direction="row" spacing={1} sx={{ alignItems: 'center' }}>
          <FormControlLabel
            sx={{ minWidth: 220 }}
            control={
              <Checkbox
                size="small"
                checked={!!done}
                disabled={!editable || tick.isPending}
                onChange={(e) =>
                  tick.mutate({ system, item, done: e.target.checked, version: runbook.version })
                }
                slotProps={{ input: { 'data-testid': `runbook-${item}` } as object }}
              />
            }
            label={t(`runbook.item.${item}`)}
          />
          {done && (
            <Typography variant="caption" color="text.secondary">
              {t('runbook.doneBy', { by: done.by, at: f.dateTime(done.at) })}
            </Typography>
          )}
        </Stack>
      ))}
    </Stack>
  );
}
