// A request's lifecycle as the server tells it: every step of its kind with where it stands, who
// did what and when, the current step's clock, and a trial run's three confirmations. Nothing is
// computed here.
import { Chip, Stack, Step, StepContent, StepLabel, Stepper, Typography } from '@mui/material';
import { useTranslation } from 'react-i18next';
import type { Outputs } from '../../app/trpc.ts';
import { useFormat } from '../../app/format.ts';
import { useClockText } from './step-clock.ts';

type RequestPage = Outputs['requests']['get'];
type StepView = RequestPage['steps'][number];

const STATE_COLOR = {
  done: 'success',
  current: 'warning',
  upcoming: 'default',
  stopped: 'error',
  skipped: 'default',
} as const;

export function RequestProgress({ request }: { request: RequestPage }) {
  const { t } = useTranslation();
  const active = request.steps.findIndex((s) => s.state === 'current' || s.state === 'stopped');
  return (
    <Stepper
      orientation="vertical"
      activeStep={active < 0 ? request.steps.length : active}
      data-testid="request-progress"
    >
      {request.steps.map((s) => (
        <Step key={s.step} completed={s.state === 'done'} expanded>
          <StepLabel error={s.state === 'stopped'} data-testid={`step-${s.step}`} data-state={s.state}>
            <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
              <span>{t(`requests.steps.${s.step}`)}</span>
              <Chip
                size="small"
                variant="outlined"
                color={STATE_COLOR[s.state]}
                label={t(`request.stepStates.${s.state}`)}
              />
            </Stack>
          </StepLabel>
          <StepContent>
            <StepDetail step={s} />
          </StepContent>
        </Step>
      ))}
    </Stepper>
  );
}

function StepDetail({ step: s }: { step: StepView }) {
  const { t } = useTranslation();
  const f = useFormat();
  const clock = useClockText();
  return (
    <Stack spacing={0.5}>
      {s.events
        // A trial run's confirmations are listed by party below.
        .filter((e) => !(s.trial && e.outcome === 'confirmed'))
        .map((e, i) => (
          <Typography key={i} variant="body2" data-testid={`step-${s.step}-event`}>
            {t(`request.outcomes.${e.outcome}`, {
              by: e.by === 'yunqian' ? '' : e.by,
              level: e.levelName ? f.name(e.levelName) : '',
              comment: e.comment ?? '',
              party: e.party ? t(`request.parties.${e.party}`) : '',
            })}
            {' · '}
            <Typography component="span" variant="caption" color="text.secondary">
              {f.dateTime(e.at)}
            </Typography>
            {e.comment && e.outcome !== 'amended' && (
              <Typography component="span" variant="body2" color="text.secondary">
                {' '}
                — {e.comment}
              </Typography>
            )}
          </Typography>
        ))}
      {s.trial && (
        <Stack spacing={0.5} data-testid="trial-parties">
          {s.trial.earliest && (
            <Typography variant="body2">
              {t('request.trialFrom', { date: f.dateTime(String(s.trial.earliest)) })}
            </Typography>
          )}
          {s.trial.parties.map((p) => (
            <Typography
              key={p.party}
              variant="body2"
              data-testid={`trial-${p.party}`}
              data-confirmed={!!p.confirmed}
            >
              {p.confirmed
                ? `${t(`request.outcomes.confirmed`, { party: t(`request.parties.${p.party}`), by: p.confirmed.by })} · ${f.dateTime(p.confirmed.at)}`
                : t('request.partyPending', { party: t(`request.parties.${p.party}`) })}
            </Typography>
          ))}
        </Stack>
      )}
      {s.clock && (
        <Typography
          variant="body2"
          color={s.clock.lapsed ? 'error' : 'text.primary'}
          data-testid={`step-${s.step}-clock`}
          sx={{ fontWeight: 500 }}
        >
          {clock(s.clock)}
        </Typography>
      )}
    </Stack>
  );
}
