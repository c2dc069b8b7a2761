// Picks an organisation unit by typing part of its name: the units the viewer may place an account
// in, as the server lists them (grants.options: the province for the administrators, a department
// administrator's own subtree). Each unit is shown under its parent's name, so two 信息中心 differ.
import { Autocomplete, TextField } from '@mui/material';
import { useTranslation } from 'react-i18next';
import type { Outputs } from '../app/trpc.ts';
import { useFormat } from '../app/format.ts';

export type Unit = Outputs['grants']['options']['units'][number];

export function UnitPicker({
  units,
  value,
  onChange,
  label,
  required,
  error,
  helperText,
  testId,
}: {
  units: readonly Unit[];
  value: string | null;
  onChange: (id: string | null) => void;
  label: string;
  required?: boolean;
  error?: boolean;
  helperText?: string | undefined;
  testId: string;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  const byId = new Map(units.map((u) => [u.id, u]));
  const parentName = (u: Unit) => {
    const parent = u.parentId ? byId.get(u.parentId) : undefined;
    return parent ? f.name(parent.name) : null;
  };
  return (
    <Autocomplete
      size="small"
      fullWidth
      options={units as Unit[]}
      value={value ? (byId.get(value) ?? null) : null}
      onChange={(_e, u) => onChange(u?.id ?? null)}
      isOptionEqualToValue={(a, b) => a.id === b.id}
      getOptionLabel={(u) => f.name(u.name)}
      // Matches a unit's name in either language, and its code.
      filterOptions={(options, { inputValue }) => {
        const q = inputValue.trim().toLowerCase();
        return q
          ? options.filter((u) => [u.id, u.name.zh, u.name.en].some((s) => s.toLowerCase().includes(q)))
          : options;
      }}
      renderOption={(props, u) => {
        const { key, ...rest } = props as typeof props & { key: string };
        const parent = parentName(u);
        return (
          <li key={key} {...rest} data-unit={u.id}>
            <span>
              {f.name(u.name)}
              {parent && (
                <span style={{ display: 'block', fontSize: '0.8em', color: '#555' }}>
                  {t('unitPicker.under', { parent })}
                </span>
              )}
            </span>
          </li>
        );
      }}
      noOptionsText={t('unitPicker.none')}
      renderInput={(params) => (
        <TextField
          {...params}
          label={label}
          required={!!required}
          error={!!error}
          helperText={helperText}
          slotProps={{
            ...params.slotProps,
            htmlInput: { ...params.slotProps.htmlInput, 'data-testid': testId },
          }}
        />
      )}
    />
  );
}
