// The moves as a patch to the plan's YAML, as the server wrote and validated it: shown, and
// downloaded for review; a reviewer applies it in git. Nothing here writes the plan.
import { Alert, Button, Stack, Typography } from '@mui/material';
import { useTranslation } from 'react-i18next';
import type { Outputs } from '../../app/trpc.ts';
import { download } from '../../app/download.ts';
import { Panel } from '../../components/Panel.tsx';
import { useEvidenceText } from '../../app/evidence-text.ts';

type Patch = Outputs['planning']['patch'];

export function PlanDiff({ patch, name }: { patch: Patch; name: string }) {
  const { t } = useTranslation();
  const text = useEvidenceText();
  return (
    <Panel title={t('planning.diff.title')} testId="planning-diff">
      <Stack spacing={1} sx={{ mt: 1 }}>
        {patch.valid ? (
          <Alert severity="success">{t('planning.diff.valid', { count: patch.files.length })}</Alert>
        ) : (
          <Alert severity="error">{t('planning.diff.invalid')}</Alert>
        )}
        {patch.problems.map((p) => (
          <Alert
            key={`${p.file}:${p.line}:${p.code}`}
            severity={p.severity === 'error' ? 'error' : 'warning'}
          >
            {p.file}:{p.line} {text('plan.problems', { code: p.code, params: p.params })}
          </Alert>
        ))}
        <Typography variant="body2" color="text.secondary">
          {t('planning.diff.howToApply')}
        </Typography>
        <Button
          variant="outlined"
          disabled={!patch.valid || !patch.diff}
          data-testid="planning-download"
          onClick={() => download(name, new Blob([patch.diff], { type: 'text/x-diff' }))}
        >
          {t('planning.diff.download')}
        </Button>
        <Typography
          component="pre"
          data-testid="planning-diff-text"
          sx={{
            fontFamily: 'monospace',
            fontSize: 12,
            overflowX: 'auto',
            maxHeight: 360,
            bgcolor: 'action.hover',
            p: 1,
          }}
        >
          {patch.diff}
        </Typography>
      </Stack>
    </Panel>
  );
}
