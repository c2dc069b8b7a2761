-- Notifications (#19): an outbox written in the producer's transaction and sent by a dispatcher
-- that claims rows with FOR UPDATE SKIP LOCKED, so replicas on one database never send one twice.
-- One row per recipient, channel and event (the dedupe key): the same event is enqueued once.
CREATE TABLE notification_outbox (
  id bigserial PRIMARY KEY,
  recipient text NOT NULL,
  channel text NOT NULL,
  kind text NOT NULL,
  params jsonb NOT NULL DEFAULT '{}'::jsonb,
  dedupe_key text NOT NULL,
  -- The mail address for mail, taken from the preferences when the event was enqueued.
  address text,
  language text NOT NULL DEFAULT 'zh-CN',
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sending', 'sent', 'failed')),
  attempts integer NOT NULL DEFAULT 0,
  -- When the row is next due; while it is being sent, when its claim lapses.
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  claim text,
  last_error text,
  created_at timestamptz NOT NULL DEFAULT now(),
  sent_at timestamptz,
  UNIQUE (recipient, channel, dedupe_key)
);
CREATE INDEX notification_outbox_due ON notification_outbox (next_attempt_at) WHERE status IN ('pending', 'sending');
-- Each user's choice: channels, events turned off, mail address, language. No row: the defaults.
CREATE TABLE notification_preferences (
  user_id text PRIMARY KEY,
  channels jsonb NOT NULL,
  muted jsonb NOT NULL DEFAULT '[]'::jsonb,
  email text,
  language text NOT NULL DEFAULT 'zh-CN' CHECK (language IN ('zh-CN', 'en')),
  updated_at timestamptz NOT NULL DEFAULT now()
);
