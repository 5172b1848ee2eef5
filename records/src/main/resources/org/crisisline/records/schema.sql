-- The contact-record read model. Kafka is the system of record; every row here is rebuilt from the
-- topics. Idempotent: applied_events holds each applied event id, topic_offsets the next offset of
-- each partition, written in the same transaction as the rows.
CREATE TABLE IF NOT EXISTS contacts (
  request_id      text PRIMARY KEY,
  logged_at       timestamptz,
  region          text,
  status_region   text,
  urgency         text,
  need            text,
  channel         text,
  caller_key      text,
  intake_risk_level text,
  accepted_at     timestamptz,
  cancelled_at    timestamptz,
  cancel_reason   text,
  expired_at      timestamptz,
  completed_at    timestamptz,
  referred_at     timestamptz,
  escalated       boolean NOT NULL DEFAULT false,
  rolled_over     boolean NOT NULL DEFAULT false,
  alerted         boolean NOT NULL DEFAULT false,
  wrapped_at      timestamptz,
  disposition     text,
  risk_level      text,
  safety_plan     boolean,
  active_rescue   boolean
);
-- Added with the paging topics: an alert of this request was acknowledged.
ALTER TABLE contacts ADD COLUMN IF NOT EXISTS alert_acknowledged boolean NOT NULL DEFAULT false;
-- Added with closed-loop referrals: when a service accepted the referral (REFERRAL_ACCEPTED).
ALTER TABLE contacts ADD COLUMN IF NOT EXISTS referral_accepted_at timestamptz;
CREATE INDEX IF NOT EXISTS contacts_logged_at ON contacts (logged_at);
CREATE INDEX IF NOT EXISTS contacts_caller ON contacts (caller_key, logged_at);
CREATE TABLE IF NOT EXISTS applied_events (
  event_id    text PRIMARY KEY,
  topic       text NOT NULL,
  occurred_at timestamptz
);
CREATE INDEX IF NOT EXISTS applied_events_occurred_at ON applied_events (occurred_at);
CREATE TABLE IF NOT EXISTS topic_offsets (
  topic       text NOT NULL,
  partition   integer NOT NULL,
  next_offset bigint NOT NULL,
  PRIMARY KEY (topic, partition)
);
-- Added so intake can answer a request by id once it left intake's memory (CRISISLINE_RECENT_HOURS):
-- the latest status, the summary fields, and routing's timeline (codes and routing's reasons; no notes).
ALTER TABLE contacts ADD COLUMN IF NOT EXISTS status text;
ALTER TABLE contacts ADD COLUMN IF NOT EXISTS status_at timestamptz;
ALTER TABLE contacts ADD COLUMN IF NOT EXISTS referral_kind text;
ALTER TABLE contacts ADD COLUMN IF NOT EXISTS language text;
CREATE TABLE IF NOT EXISTS contact_timeline (
  event_id        text PRIMARY KEY,
  request_id      text NOT NULL,
  status          text NOT NULL,
  kind            text,
  escalation_step text,
  at              timestamptz NOT NULL,
  reason          text,
  offer_id        text,
  responder_id    text,
  service_id      text,
  policy_version  text
);
CREATE INDEX IF NOT EXISTS contact_timeline_request ON contact_timeline (request_id, at);
-- Added so "mine today" is answered for requests that left intake's memory (a recent window shorter than
-- a day): who logged the request (a staff username), indexed with the time it was logged.
ALTER TABLE contacts ADD COLUMN IF NOT EXISTS logged_by text;
CREATE INDEX IF NOT EXISTS contacts_logged_by ON contacts (logged_by, logged_at);
