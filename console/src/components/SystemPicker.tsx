// Picks one of the viewer's systems by searching on the server as one types: a province has
// 10,000 systems, so a picker never loads the whole list (the server applies the scope).
import { Autocomplete, TextField } from '@mui/material';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useDeferredValue, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useTRPC, type Outputs } from '../app/trpc.ts';
import { useFormat } from '../app/format.ts';

export type SystemOption = Outputs['systems']['options']['options'][number];

export function SystemPicker({
  label,
  value,
  onChange,
  department,
  disabled,
  required,
  error,
  helperText,
  testId,
}: {
  label: string;
  value: SystemOption | null;
  onChange: (s: SystemOption | null) => void;
  department?: string | undefined;
  disabled?: boolean;
  required?: boolean;
  error?: boolean;
  helperText?: string | undefined;
  testId?: string;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  const trpc = useTRPC();
  const [input, setInput] = useState('');
  const search = useDeferredValue(input.trim());
  const options = useQuery(
    trpc.systems.options.queryOptions(
      { department, search: search || undefined, limit: 50 },
      { enabled: !disabled, placeholderData: keepPreviousData },
    ),
  );
  const found = options.data?.options ?? [];
  const more = (options.data?.total ?? 0) - found.length;
  return (
    <Autocomplete
      size="small"
      fullWidth
      disabled={!!disabled}
      options={found}
      value={value}
      onChange={(_e, v) => onChange(v)}
      inputValue={input}
      onInputChange={(_e, v) => setInput(v)}
      // The server has already filtered by the search text (names in both languages, ids).
      filterOptions={(x) => x}
      isOptionEqualToValue={(a, b) => a.id === b.id}
      getOptionLabel={(s) =>
        t('systemPicker.option', { name: f.name(s.name), network: t(`network.${s.network}`) })
      }
      loading={options.isFetching}
      noOptionsText={t('systemPicker.none')}
      loadingText={t('systemPicker.loading')}
      renderInput={(params) => (
        <TextField
          {...params}
          label={label}
          required={!!required}
          error={!!error}
          helperText={helperText ?? (more > 0 ? t('systemPicker.more', { count: more }) : undefined)}
          slotProps={{
            ...params.slotProps,
            htmlInput: { ...params.slotProps.htmlInput, ...(testId ? { 'data-testid': testId } : {}) },
            // A disabled picker's hint says what enables it: it must stay readable (axe contrast).
            formHelperText: { sx: { '&.Mui-disabled': { color: 'text.secondary' } } },
          }}
        />
      )}
    />
  );
}
