// Choosing a system and where it goes: another wave (its dates fitted in by the server unless
// given), or other dates.
import { Button, MenuItem, Stack, TextField } from '@mui/material';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../app/format.ts';
import { SystemPicker, type SystemOption } from '../../components/SystemPicker.tsx';

export interface DraftMove {
  system: string;
  label: string;
  wave?: string | undefined;
  start?: string | undefined;
  cutover?: string | undefined;
  network?: 'internal' | 'external' | undefined;
}

export function MoveForm({
  waves,
  onAdd,
}: {
  waves: { id: string; name: { zh: string; en: string }; start: string; end: string }[];
  onAdd: (m: DraftMove) => void;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  const [system, setSystem] = useState<SystemOption | null>(null);
  const [wave, setWave] = useState('');
  const [start, setStart] = useState('');
  const [cutover, setCutover] = useState('');
  const [network, setNetwork] = useState<'' | 'internal' | 'external'>('');
  const ready = !!system && (!!wave || !!start || !!cutover || !!network);
  return (
    <Stack direction={{ xs: 'column', md: 'row' }} spacing={1} sx={{ mt: 1 }}>
      <SystemPicker
        label={t('planning.move.system')}
        value={system}
        onChange={setSystem}
        testId="move-system"
      />
      <TextField
        select
        size="small"
        label={t('planning.move.wave')}
        value={wave}
        onChange={(e) => setWave(e.target.value)}
        sx={{ minWidth: 200 }}
        slotProps={{ htmlInput: { 'data-testid': 'move-wave' } }}
      >
        <MenuItem value="">{t('planning.move.sameWave')}</MenuItem>
        {waves.map((w) => (
          <MenuItem key={w.id} value={w.id} data-testid={`move-wave-${w.id}`}>
            {f.name(w.name)}
          </MenuItem>
        ))}
      </TextField>
      <TextField
        type="date"
        size="small"
        label={t('planning.move.start')}
        value={start}
        onChange={(e) => setStart(e.target.value)}
        sx={{ minWidth: 160 }}
        slotProps={{ inputLabel: { shrink: true }, htmlInput: { 'data-testid': 'move-start' } }}
      />
      <TextField
        type="date"
        size="small"
        label={t('planning.move.cutover')}
        value={cutover}
        onChange={(e) => setCutover(e.target.value)}
        sx={{ minWidth: 160 }}
        slotProps={{ inputLabel: { shrink: true }, htmlInput: { 'data-testid': 'move-cutover' } }}
      />
      <TextField
        select
        size="small"
        label={t('planning.move.network')}
        value={network}
        onChange={(e) => setNetwork(e.target.value as '' | 'internal' | 'external')}
        sx={{ minWidth: 160 }}
      >
        <MenuItem value="">{t('planning.move.sameNetwork')}</MenuItem>
        {(['internal', 'external'] as const).map((n) => (
          <MenuItem key={n} value={n} data-testid={`move-network-${n}`}>
            {t(`network.${n}`)}
          </MenuItem>
        ))}
      </TextField>
      <Button
        variant="contained"
        disabled={!ready}
        data-testid="move-add"
        onClick={() => {
          if (!system) return;
          onAdd({
            system: system.id,
            label: f.name(system.name),
            wave: wave || undefined,
            start: start || undefined,
            cutover: cutover || undefined,
            network: network || undefined,
          });
          setSystem(null);
          setWave('');
          setStart('');
          setCutover('');
          setNetwork('');
        }}
      >
        {t('planning.move.add')}
      </Button>
    </Stack>
  );
}
