// Search from anywhere: systems, departments, namespaces and requests (by number), within what
// the viewer may see — the server decides (search.find); choosing a result opens its page.
import { Autocomplete, TextField } from '@mui/material';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useDeferredValue, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useTRPC } from './trpc.ts';
import { useFormat } from './format.ts';

interface Hit {
  kind: 'systems' | 'departments' | 'namespaces' | 'requests';
  key: string;
  label: string;
  to: string;
}

export function GlobalSearch({ onDone }: { onDone?: () => void }) {
  const { t } = useTranslation();
  const f = useFormat();
  const trpc = useTRPC();
  const navigate = useNavigate();
  const [text, setText] = useState('');
  const q = useDeferredValue(text.trim());
  const found = useQuery({
    ...trpc.search.find.queryOptions({ q }, { enabled: q.length > 0 }),
    placeholderData: keepPreviousData,
  });
  const d = q ? found.data : undefined;
  const hits: Hit[] = d
    ? [
        ...d.requests.map((r) => ({
          kind: 'requests' as const,
          key: `r${r.id}`,
          label: t('search.request', { id: r.id, system: r.system }),
          to: `/requests/${r.id}`,
        })),
        ...d.systems.map((s) => ({
          kind: 'systems' as const,
          key: `s${s.id}`,
          label: `${f.name(s.name)} · ${f.name(s.department)}`,
          to: `/systems/${encodeURIComponent(s.id)}`,
        })),
        ...d.departments.map((o) => ({
          kind: 'departments' as const,
          key: `d${o.id}`,
          label: f.name(o.name),
          to: `/systems?department=${encodeURIComponent(o.id)}`,
        })),
        ...d.namespaces.map((n) => ({
          kind: 'namespaces' as const,
          key: `n${n.cluster}/${n.namespace}`,
          label: `${n.cluster}/${n.namespace}`,
          to: n.system ? `/systems/${encodeURIComponent(n.system)}` : `/tenants`,
        })),
      ]
    : [];
  return (
    <Autocomplete<Hit, false, false, true>
      freeSolo
      size="small"
      options={hits}
      filterOptions={(x) => x}
      groupBy={(h) => t(`search.kinds.${h.kind}`)}
      getOptionLabel={(h) => (typeof h === 'string' ? h : h.label)}
      getOptionKey={(h) => (typeof h === 'string' ? h : h.key)}
      inputValue={text}
      onInputChange={(_e, v) => setText(v)}
      onChange={(_e, h) => {
        if (h && typeof h !== 'string') {
          void navigate(h.to);
          setText('');
          onDone?.();
        }
      }}
      noOptionsText={q ? t('search.none') : t('search.hint')}
      sx={{ width: { xs: '100%', lg: 240 }, bgcolor: 'background.paper', borderRadius: 1 }}
      renderInput={(params) => (
        <TextField
          {...params}
          placeholder={t('search.placeholder')}
          slotProps={{
            ...params.slotProps,
            htmlInput: {
              ...params.slotProps.htmlInput,
              'aria-label': t('search.placeholder'),
              'data-testid': 'global-search',
            },
          }}
        />
      )}
    />
  );
}
