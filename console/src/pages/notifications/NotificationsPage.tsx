// 通知设置: the viewer's own notification preferences — the channels (those this server has; the
// others shown as not configured), the events, each with what it is about, the mail address and
// the language of the messages. Reached from the bar for every signed-in role (and a sandbox demo
// role). The server keeps them per account and audits each change; this page only asks.
import {
  Alert,
  Box,
  Button,
  Checkbox,
  Chip,
  FormControl,
  FormControlLabel,
  FormGroup,
  FormHelperText,
  FormLabel,
  Radio,
  RadioGroup,
  Stack,
  TextField,
  Typography,
} from '@mui/material';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useTRPC, type Inputs, type Outputs } from '../../app/trpc.ts';
import { fieldError, type ApiError } from '../../app/api-error.ts';
import { Loading } from '../../components/Loading.tsx';
import { Page, Panel } from '../../components/Panel.tsx';

type Choices = Outputs['notifications']['preferences'];
type Preferences = Inputs['notifications']['setPreferences'];

export default function NotificationsPage() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const prefs = useQuery(trpc.notifications.preferences.queryOptions(undefined, { refetchInterval: false }));
  return (
    <Page title={t('notifications.title')}>
      <Typography variant="body2" data-testid="notifications-intro">
        {t('notifications.intro')}
      </Typography>
      <Loading query={prefs}>
        {(c) =>
          c.preferences ? (
            // Starts from what is stored; a reload of the page reads it again.
            <PreferencesForm choices={c} stored={c.preferences} />
          ) : (
            <Alert severity="info" data-testid="notifications-sign-in">
              {t('notifications.signIn')}
            </Alert>
          )
        }
      </Loading>
    </Page>
  );
}

function PreferencesForm({ choices, stored }: { choices: Choices; stored: Preferences }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [channels, setChannels] = useState<Preferences['channels']>(stored.channels);
  const [events, setEvents] = useState<Preferences['events']>(stored.events);
  const [email, setEmail] = useState(stored.email ?? '');
  const [phone, setPhone] = useState(stored.phone ?? '');
  const [language, setLanguage] = useState<Preferences['language']>(stored.language);
  const [saved, setSaved] = useState(false);
  const save = useMutation(
    trpc.notifications.setPreferences.mutationOptions({
      onSuccess: (p) => {
        setSaved(true);
        queryClient.setQueryData(trpc.notifications.preferences.queryKey(), { ...choices, preferences: p });
      },
      onError: () => setSaved(false),
    }),
  );
  const error = save.error as ApiError | null;
  const err = (k: string) => fieldError(error, k);
  const available = new Set<string>(choices.available);
  const toggle = <T extends string>(list: T[], item: T, on: boolean): T[] =>
    on ? [...list.filter((x) => x !== item), item] : list.filter((x) => x !== item);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSaved(false);
    save.mutate({ channels, events, email: email.trim() || null, phone: phone.trim() || null, language });
  };
  const fieldsWithErrors = Object.keys(error?.data?.fieldErrors ?? {});
  // A refusal not about one field (or about a field without its own place here) in words above the button.
  const summary =
    error && !fieldsWithErrors.some((f) => ['email', 'phone', 'channels', 'events', 'language'].includes(f))
      ? error.message
      : null;
  return (
    <Box component="form" onSubmit={submit} noValidate>
      <Stack spacing={2}>
        {!choices.available.length && (
          <Alert severity="info" data-testid="notifications-off">
            {t('notifications.off')}
          </Alert>
        )}
        <Panel title={t('notifications.channelsTitle')} testId="notifications-channels">
          <FormControl component="fieldset" error={!!err('channels')} sx={{ mt: 1, width: '100%' }}>
            <FormLabel component="legend" sx={{ mb: 1 }}>
              {t('notifications.channelsHint')}
            </FormLabel>
            <FormGroup>
              {choices.channels.map((c) => {
                const on = available.has(c);
                return (
                  <Stack
                    key={c}
                    direction={{ xs: 'column', sm: 'row' }}
                    spacing={{ xs: 0, sm: 1 }}
                    sx={{ alignItems: { sm: 'center' }, py: 0.25 }}
                  >
                    <FormControlLabel
                      sx={{ minWidth: 240, mr: 0 }}
                      control={
                        <Checkbox
                          // One not configured reads unticked: nothing goes by it, whatever was chosen.
                          checked={on && channels.includes(c)}
                          disabled={!on}
                          onChange={(e) => setChannels(toggle(channels, c, e.target.checked))}
                          slotProps={{ input: { 'data-testid': `channel-${c}` } as object }}
                        />
                      }
                      label={t(`notifications.channel.${c}`)}
                    />
                    {on ? (
                      <Typography variant="body2" color="text.secondary">
                        {t(`notifications.channelHint.${c}`)}
                      </Typography>
                    ) : (
                      <Chip
                        size="small"
                        variant="outlined"
                        label={t('notifications.notConfigured')}
                        data-testid={`channel-${c}-off`}
                        sx={{ alignSelf: { xs: 'flex-start', sm: 'center' } }}
                      />
                    )}
                  </Stack>
                );
              })}
            </FormGroup>
            {err('channels') && <FormHelperText>{err('channels')}</FormHelperText>}
          </FormControl>
          <Stack direction={{ xs: 'column', md: 'row' }} spacing={2} sx={{ mt: 2 }}>
            <TextField
              name="email"
              type="email"
              size="small"
              label={t('notifications.email')}
              value={email}
              onChange={(e) => setEmail(e.target.value)}
              required={channels.includes('email')}
              error={!!err('email')}
              helperText={err('email') ?? t('notifications.emailHint')}
              slotProps={{
                htmlInput: { maxLength: 254, autoComplete: 'email', 'data-testid': 'notifications-email' },
              }}
              sx={{ minWidth: { md: 360 } }}
            />
            <TextField
              name="phone"
              type="tel"
              size="small"
              label={t('notifications.phone')}
              value={phone}
              onChange={(e) => setPhone(e.target.value)}
              error={!!err('phone')}
              helperText={err('phone') ?? t('notifications.phoneHint')}
              slotProps={{
                htmlInput: { maxLength: 21, autoComplete: 'tel', 'data-testid': 'notifications-phone' },
              }}
              sx={{ minWidth: { md: 240 } }}
            />
            <FormControl error={!!err('language')}>
              <FormLabel id="notifications-language-label">{t('notifications.language')}</FormLabel>
              <RadioGroup
                row
                aria-labelledby="notifications-language-label"
                value={language}
                onChange={(e) => setLanguage(e.target.value as Preferences['language'])}
              >
                <FormControlLabel
                  value="zh-CN"
                  control={<Radio slotProps={{ input: { 'data-testid': 'language-zh-CN' } as object }} />}
                  label="中文"
                  lang="zh-CN"
                />
                <FormControlLabel
                  value="en"
                  control={<Radio slotProps={{ input: { 'data-testid': 'language-en' } as object }} />}
                  label="English"
                  lang="en"
                />
              </RadioGroup>
              <FormHelperText>{err('language') ?? t('notifications.languageHint')}</FormHelperText>
            </FormControl>
          </Stack>
        </Panel>
        <Panel title={t('notifications.eventsTitle')} testId="notifications-events">
          <FormControl component="fieldset" error={!!err('events')} sx={{ mt: 1, width: '100%' }}>
            <FormLabel component="legend" sx={{ mb: 1 }}>
              {t('notifications.eventsHint')}
            </FormLabel>
            <FormGroup>
              {choices.events.map((k) => (
                <FormControlLabel
                  key={k}
                  sx={{ alignItems: 'flex-start', py: 0.5 }}
                  control={
                    <Checkbox
                      checked={events.includes(k)}
                      onChange={(e) => setEvents(toggle(events, k, e.target.checked))}
                      sx={{ pt: 0.25 }}
                      slotProps={{
                        input: {
                          'data-testid': `event-${k}`,
                          'aria-describedby': `event-${k}-hint`,
                        } as object,
                      }}
                    />
                  }
                  label={
                    <Box>
                      <Typography variant="body1">{t(`notifications.event.${k}.name`)}</Typography>
                      <Typography variant="body2" color="text.secondary" id={`event-${k}-hint`}>
                        {t(`notifications.event.${k}.hint`)}
                      </Typography>
                    </Box>
                  }
                />
              ))}
            </FormGroup>
            {err('events') && <FormHelperText>{err('events')}</FormHelperText>}
          </FormControl>
        </Panel>
        {summary && (
          <Alert severity="error" data-testid="notifications-error">
            {summary}
          </Alert>
        )}
        {saved && (
          <Alert severity="success" onClose={() => setSaved(false)} data-testid="notifications-saved">
            {t('notifications.saved')}
          </Alert>
        )}
        <Box>
          <Button
            type="submit"
            variant="contained"
            disabled={save.isPending}
            data-testid="notifications-save"
          >
            {t('notifications.save')}
          </Button>
        </Box>
      </Stack>
    </Box>
  );
}
