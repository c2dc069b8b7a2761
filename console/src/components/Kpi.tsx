import { Typography } from '@mui/material';
import { Link } from 'react-router';
import { Panel } from './Panel.tsx';
import { TermHelp } from './TermHelp.tsx';

/**
 * One headline figure with its label (and a hint below). With `to`, the figure opens the list of
 * systems behind it (the filter in the address, so the link can be shared).
 */
export interface KpiProps {
  id: string;
  label: string;
  value: string;
  hint?: string;
  to?: string;
  /** A glossary term that explains the label. */
  term?: string;
}

export function Kpi({ id, label, value, hint, to, term }: KpiProps) {
  const figure = (
    <Typography variant="h4" component="p" data-testid={`kpi-${id}`}>
      {value}
    </Typography>
  );
  return (
    <Panel sx={{ height: '100%' }}>
      <Typography variant="body2" color="text.secondary" component="h3">
        {label}
        {term && <TermHelp term={term} />}
      </Typography>
      {to ? (
        <Link
          to={to}
          data-testid={`kpi-${id}-link`}
          style={{ color: 'inherit' }}
          aria-label={`${label} ${value}`}
        >
          {figure}
        </Link>
      ) : (
        figure
      )}
      {hint && (
        <Typography variant="caption" color="text.secondary" component="p" data-testid={`kpi-${id}-hint`}>
          {hint}
        </Typography>
      )}
    </Panel>
  );
}
