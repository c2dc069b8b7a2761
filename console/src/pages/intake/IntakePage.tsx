// Plan intake (计划导入): a department (or an operator, for its units) uploads its survey workbook
// and sees either every problem — sheet, row, column and the message in the reader's language —
// or the plan file the workbook becomes, to review and download. Nothing is saved on the server:
// the plan changes through its repository's review.
import { Alert, Button, MenuItem, Stack, TextField, Typography } from '@mui/material';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useTRPC, type Outputs } from '../../app/trpc.ts';
import { useFormat } from '../../app/format.ts';
import { useEvidenceText } from '../../app/evidence-text.ts';
import { fieldError } from '../../app/api-error.ts';
import { useCan } from '../../app/session.ts';
import { Page, Panel } from '../../components/Panel.tsx';
import { DataTable, type Column } from '../../components/table/DataTable.tsx';

type Result = Outputs['intake']['importWorkbook'];
type Problem = Result['problems'][number] & { key: number };

/** The plan's own problem codes, as the plan page words them (schema and YAML share one each). */
const problemKey = (code: string) =>
  code.startsWith('schema-') ? 'schema' : code.startsWith('yaml-') ? 'yaml' : code;

async function base64Of(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

export default function IntakePage() {
  const { t } = useTranslation();
  const f = useFormat();
  const trpc = useTRPC();
  const text = useEvidenceText();
  const units = useQuery(trpc.intake.units.queryOptions());
  const [department, setDepartment] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const run = useMutation(trpc.intake.importWorkbook.mutationOptions());
  // The questionnaire sheet saved as the answers of the department's systems (the department's act).
  const saveAnswers = useMutation(trpc.readiness.importWorkbook.mutationOptions());
  const can = useCan();
  const [sent, setSent] = useState<{ department: string; workbook: string } | null>(null);
  // The viewer's own unit comes first (the server lists its subtree from the top).
  const chosen = department || (units.data?.[0]?.id ?? '');
  const r = run.data;
  const words = (p: Problem) =>
    p.words ?? text('plan.problems', { code: problemKey(p.code), params: p.params });
  const columns: Column<Problem>[] = [
    { field: 'sheet', headerName: t('intake.sheet'), width: 170 },
    { field: 'row', headerName: t('intake.row'), width: 70 },
    { field: 'column', headerName: t('intake.column'), width: 70 },
    {
      field: 'severity',
      headerName: t('plan.severity'),
      width: 90,
      valueGetter: (_v, p) => t(`plan.${p.severity}`),
    },
    {
      field: 'message',
      headerName: t('plan.message'),
      flex: 1,
      minWidth: 320,
      valueGetter: (_v, p) => words(p),
    },
  ];
  const download = () => {
    if (!r?.yaml) return;
    const url = URL.createObjectURL(new Blob([r.yaml], { type: 'application/yaml' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = r.file.split('/').pop()!;
    a.click();
    URL.revokeObjectURL(url);
  };
  const errors = r?.problems.filter((p) => p.severity === 'error').length ?? 0;
  return (
    <Page title={t('intake.title')}>
      <Panel>
        <Stack spacing={2}>
          <Typography variant="body2">{t('intake.intro')}</Typography>
          <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2} sx={{ alignItems: { sm: 'center' } }}>
            <TextField
              select
              size="small"
              sx={{ minWidth: 260 }}
              label={t('intake.department')}
              value={chosen}
              onChange={(e) => setDepartment(e.target.value)}
              error={!!fieldError(run.error, 'department')}
              helperText={fieldError(run.error, 'department')}
              slotProps={{ htmlInput: { 'data-testid': 'intake-department' } }}
            >
              {(units.data ?? []).map((u) => (
                <MenuItem key={u.id} value={u.id}>
                  {f.name(u.name)}
                </MenuItem>
              ))}
            </TextField>
            <Button variant="outlined" component="label">
              {file ? file.name : t('intake.choose')}
              <input
                hidden
                type="file"
                accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                data-testid="intake-file"
                onChange={(e) => setFile(e.target.files?.[0] ?? null)}
              />
            </Button>
            <Button
              variant="contained"
              disabled={!file || !chosen || run.isPending}
              data-testid="intake-run"
              onClick={async () => {
                const input = { department: chosen, workbook: await base64Of(file!) };
                setSent(input);
                saveAnswers.reset();
                run.mutate(input);
              }}
            >
              {t('intake.check')}
            </Button>
          </Stack>
          {run.error && !fieldError(run.error, 'department') && (
            <Alert severity="error">{run.error.message}</Alert>
          )}
        </Stack>
      </Panel>
      {r && !r.yaml && (
        <Panel testId="intake-refusal">
          <Alert severity="error" sx={{ mb: 2 }} data-testid="intake-refused">
            {t('intake.refused', { errors, warnings: r.problems.length - errors })}
          </Alert>
          <DataTable
            id="intake-problems"
            title={t('intake.problems')}
            columns={columns}
            rows={r.problems.map((p, i) => ({ ...p, key: i }))}
            getRowId={(p) => p.key}
          />
        </Panel>
      )}
      {r?.yaml && (
        <Panel testId="intake-result" title={r.file}>
          <Stack spacing={1}>
            <Alert severity="success" data-testid="intake-clean">
              {t('intake.clean', {
                systems: r.systems,
                answers: Object.keys(r.readiness?.answers ?? {}).length,
              })}
            </Alert>
            {r.problems.length > 0 && (
              <DataTable
                id="intake-warnings"
                title={t('intake.problems')}
                columns={columns}
                rows={r.problems.map((p, i) => ({ ...p, key: i }))}
                getRowId={(p) => p.key}
              />
            )}
            <Stack direction="row" spacing={1}>
              <Button variant="contained" onClick={download} data-testid="intake-download">
                {t('intake.download')}
              </Button>
              {can('readiness.answer') && Object.keys(r.readiness?.answers ?? {}).length > 0 && sent && (
                <Button
                  variant="outlined"
                  disabled={saveAnswers.isPending || saveAnswers.isSuccess}
                  onClick={() => saveAnswers.mutate(sent)}
                  data-testid="intake-save-answers"
                >
                  {t('intake.saveAnswers', { count: Object.keys(r.readiness?.answers ?? {}).length })}
                </Button>
              )}
            </Stack>
            {saveAnswers.data && (
              <Alert severity="success" data-testid="intake-answers-saved">
                {t('intake.answersSaved', { count: saveAnswers.data.saved })}
              </Alert>
            )}
            {saveAnswers.error && <Alert severity="error">{saveAnswers.error.message}</Alert>}
            <pre style={{ maxHeight: 420, overflow: 'auto', fontSize: 12 }} data-testid="intake-yaml">
              {r.yaml}
            </pre>
          </Stack>
        </Panel>
      )}
    </Page>
  );
}
