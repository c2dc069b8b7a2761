// The words of the console, explained for a reader who does not run a cloud: what each stage
// means, what the migration rate counts, and the capacity terms.
import { Typography, Box } from '@mui/material';
import { useTranslation } from 'react-i18next';
import { Page, Panel } from '../../components/Panel.tsx';

/** The terms, in the order a reader meets them. Each has `glossary.terms.<key>.term` and `.meaning`. */
const TERMS = [
  'migrationRate',
  'counted',
  'exception',
  'planned',
  'provisioned',
  'deployed',
  'running',
  'serving',
  'cutover',
  'migrated',
  'blocked',
  'overdue',
  'signoff',
  'tenant',
  'quota',
  'commitment',
  'headroom',
  'idle',
  'drift',
  'mlps',
  'networks',
] as const;

export default function GlossaryPage() {
  const { t } = useTranslation();
  return (
    <Page title={t('glossary.title')}>
      <Panel>
        <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
          {t('glossary.intro')}
        </Typography>
        <Box component="dl" sx={{ m: 0 }}>
          {TERMS.map((k) => (
            <Box key={k} sx={{ mb: 1.5 }} id={k} data-term={k}>
              <Typography component="dt" sx={{ fontWeight: 700 }}>
                {t(`glossary.terms.${k}.term`)}
              </Typography>
              <Typography component="dd" variant="body2" sx={{ ml: 0 }}>
                {t(`glossary.terms.${k}.meaning`)}
              </Typography>
            </Box>
          ))}
        </Box>
      </Panel>
    </Page>
  );
}
