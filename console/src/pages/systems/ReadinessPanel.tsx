// A system's readiness (上云评估) on its page: the verdict and the risks as the server computed them,
// each with the rule that fired in its words; the answers in force and where each comes from (the
// system, or its archetype). The department edits its own system's answers here; the verdict is
// never worked out on this page.
import {
  Alert,
  Button,
  Chip,
  MenuItem,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableRow,
  TextField,
  Typography,
} from '@mui/material';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useTRPC, type Outputs } from '../../app/trpc.ts';
import { useFormat } from '../../app/format.ts';
import { Panel } from '../../components/Panel.tsx';
import { fieldError } from '../../app/api-error.ts';

type View = Outputs['readiness']['forSystem'];
type Answers = View['readiness']['effective'];
type Field = keyof Answers;

const VERDICT_COLOR = {
  ready: 'success',
  'ready-with-conditions': 'warning',
  'not-ready': 'error',
  'not-assessed': 'default',
} as const;

/** The questionnaire's fields in the order the form shows them, and how each is answered. */
const FIELDS: { field: Field; kind: 'text' | 'xinchuang' | 'number' | 'yesno' | 'mlps' | 'long' }[] = [
  { field: 'os', kind: 'text' },
  { field: 'osXinchuang', kind: 'xinchuang' },
  { field: 'database', kind: 'text' },
  { field: 'databaseXinchuang', kind: 'xinchuang' },
  { field: 'middleware', kind: 'text' },
  { field: 'middlewareXinchuang', kind: 'xinchuang' },
  { field: 'dataVolumeGiB', kind: 'number' },
  { field: 'downtimeHours', kind: 'number' },
  { field: 'rollbackPlan', kind: 'yesno' },
  { field: 'interfaces', kind: 'number' },
  { field: 'interfaceList', kind: 'long' },
  { field: 'mlpsStatus', kind: 'mlps' },
];
const XINCHUANG = ['adapted', 'adapting', 'not-adapted', 'not-applicable'] as const;
const MLPS = ['assessed', 'in-progress', 'not-assessed', 'not-applicable'] as const;

export function VerdictChip({ verdict }: { verdict: View['readiness']['verdict'] }) {
  const { t } = useTranslation();
  return (
    <Chip
      size="small"
      color={VERDICT_COLOR[verdict]}
      label={t(`readiness.verdict.${verdict}`)}
      data-testid="readiness-verdict"
      data-verdict={verdict}
    />
  );
}

export function ReadinessPanel({ system }: { system: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  const trpc = useTRPC();
  const q = useQuery(trpc.readiness.forSystem.queryOptions({ system }));
  const [editing, setEditing] = useState(false);
  if (!q.data) return null;
  const v = q.data;
  const r = v.readiness;
  const shown = (field: Field) => {
    const value = r.effective[field];
    if (value === undefined) return '—';
    if (field.endsWith('Xinchuang')) return t(`readiness.xinchuang.${String(value)}`);
    if (field === 'mlpsStatus') return t(`readiness.mlps.${String(value)}`);
    if (typeof value === 'boolean') return value ? t('readiness.yes') : t('readiness.no');
    if (typeof value === 'number') return f.num(value);
    return value;
  };
  const archetype = v.archetypes.find((a) => a.id === r.archetype);
  return (
    <Panel
      sx={{ mt: 2 }}
      testId="readiness-panel"
      title={
        <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
          <span>{t('readiness.title')}</span>
          <VerdictChip verdict={r.verdict} />
        </Stack>
      }
    >
      <Stack spacing={1} sx={{ mt: 1 }}>
        {r.verdict === 'not-assessed' && (
          <Alert severity="info" data-testid="readiness-missing">
            {t('readiness.missing', {
              fields: r.missing.map((m) => t(`readiness.field.${m}`)).join(t('list.separator')),
            })}
          </Alert>
        )}
        {r.risks.map((risk, i) => (
          <Alert
            key={i}
            severity={risk.severity === 'blocking' ? 'error' : 'warning'}
            data-testid={`readiness-risk-${risk.rule}`}
          >
            {f.name(risk.words)}
            <Typography variant="caption" component="div" color="text.secondary">
              {t('readiness.rule', {
                rule: risk.rule,
                kind: t(`readiness.severity.${risk.severity}`),
              })}
            </Typography>
          </Alert>
        ))}
        {archetype && (
          <Typography variant="body2" data-testid="readiness-archetype">
            {t('readiness.inherits', { name: f.name(archetype.name) })}
          </Typography>
        )}
        {editing ? (
          <AnswersForm view={v} onDone={() => setEditing(false)} />
        ) : (
          <>
            <Table size="small">
              <TableBody>
                {FIELDS.map(({ field }) => (
                  <TableRow key={field}>
                    <TableCell>{t(`readiness.field.${field}`)}</TableCell>
                    <TableCell data-testid={`readiness-answer-${field}`}>{shown(field)}</TableCell>
                    <TableCell>
                      {r.from[field] === 'archetype' && (
                        <Chip size="small" variant="outlined" label={t('readiness.fromArchetype')} />
                      )}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
            {v.canAnswer && (
              <Button variant="outlined" onClick={() => setEditing(true)} data-testid="readiness-edit">
                {t('readiness.edit')}
              </Button>
            )}
          </>
        )}
      </Stack>
    </Panel>
  );
}

type Draft = Partial<Record<Field, string>> & { archetype?: string };

/** The system's own answers (blank: inherited, or unanswered), saved all at once with the version read. */
function AnswersForm({ view, onDone }: { view: View; onDone: () => void }) {
  const { t } = useTranslation();
  const f = useFormat();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const own = (view.stored?.answers ?? {}) as Answers;
  const [draft, setDraft] = useState<Draft>(() => ({
    ...Object.fromEntries(
      FIELDS.map(({ field }) => [field, own[field] === undefined ? '' : String(own[field])]),
    ),
    archetype: view.stored?.archetype ?? '',
  }));
  const save = useMutation(
    trpc.readiness.answer.mutationOptions({
      onSuccess: () => {
        void queryClient.invalidateQueries({
          queryKey: trpc.readiness.forSystem.queryKey({ system: view.system }),
        });
        void queryClient.invalidateQueries({ queryKey: trpc.systems.get.queryKey({ id: view.system }) });
        onDone();
      },
    }),
  );
  const errorOf = (field: string) =>
    fieldError(save.error, field === 'archetype' ? field : `answers.${field}`);
  const submit = () => {
    const answers: Record<string, unknown> = {};
    for (const { field, kind } of FIELDS) {
      const raw = draft[field]?.trim() ?? '';
      if (!raw) continue;
      answers[field] = kind === 'number' ? Number(raw) : kind === 'yesno' ? raw === 'true' : raw;
    }
    save.mutate({
      system: view.system,
      version: view.version,
      ...(draft.archetype ? { archetype: draft.archetype } : {}),
      answers: answers as never,
    });
  };
  const set = (field: keyof Draft) => (e: { target: { value: string } }) =>
    setDraft((d) => ({ ...d, [field]: e.target.value }));
  const choices = (field: Field, kind: string) =>
    kind === 'xinchuang'
      ? XINCHUANG.map((x) => [x, t(`readiness.xinchuang.${x}`)])
      : kind === 'mlps'
        ? MLPS.map((x) => [x, t(`readiness.mlps.${x}`)])
        : kind === 'yesno'
          ? [
              ['true', t('readiness.yes')],
              ['false', t('readiness.no')],
            ]
          : null;
  return (
    <Stack spacing={1.5} data-testid="readiness-form">
      {save.error && <Alert severity="error">{save.error.message}</Alert>}
      <TextField
        select
        size="small"
        label={t('readiness.archetype')}
        value={draft.archetype ?? ''}
        onChange={set('archetype')}
        error={!!errorOf('archetype')}
        helperText={errorOf('archetype') ?? t('readiness.archetypeHelp')}
        slotProps={{ htmlInput: { 'data-testid': 'readiness-field-archetype' } }}
      >
        <MenuItem value="">{t('readiness.noArchetype')}</MenuItem>
        {view.archetypes.map((a) => (
          <MenuItem key={a.id} value={a.id}>
            {f.name(a.name)}
          </MenuItem>
        ))}
      </TextField>
      {FIELDS.map(({ field, kind }) => {
        const options = choices(field, kind);
        return (
          <TextField
            key={field}
            size="small"
            select={!!options}
            multiline={kind === 'long'}
            type={kind === 'number' ? 'number' : 'text'}
            label={t(`readiness.field.${field}`)}
            value={draft[field] ?? ''}
            onChange={set(field)}
            error={!!errorOf(field)}
            helperText={errorOf(field)}
            slotProps={{ htmlInput: { 'data-testid': `readiness-field-${field}` } }}
          >
            {options && <MenuItem value="">{t('readiness.unanswered')}</MenuItem>}
            {options?.map(([value, label]) => (
              <MenuItem key={value} value={value}>
                {label}
              </MenuItem>
            ))}
          </TextField>
        );
      })}
      <Stack direction="row" spacing={1}>
        <Button variant="contained" onClick={submit} disabled={save.isPending} data-testid="readiness-save">
          {t('readiness.save')}
        </Button>
        <Button onClick={onDone}>{t('readiness.cancel')}</Button>
      </Stack>
    </Stack>
  );
}
