-- Reclaiming idle resources (闲置资源回收, #22): a proposal to lower an idle tenant's quota, with
-- the evidence read from Prometheus. The department accepts it or contests it within N working
-- days; the data bureau decides a contest (upheld: the reduction stands; withdrawn: it does not);
-- a proposal nobody answered by its deadline lapses into force. Accepted, lapsed and upheld
-- reductions go to the tenant program with the approved requests (`yunqian requests export`).
CREATE TABLE reclamation_proposals (
  id serial PRIMARY KEY,
  cluster text NOT NULL,
  namespace text NOT NULL,
  system text NOT NULL,
  department text NOT NULL,
  network text NOT NULL CHECK (network IN ('internal', 'external')),
  status text NOT NULL DEFAULT 'proposed'
    CHECK (status IN ('proposed', 'accepted', 'contested', 'upheld', 'withdrawn', 'lapsed')),
  -- The quota when proposed and the one proposed (cores, GiB), and what the reduction takes off.
  quota_cpu double precision NOT NULL,
  quota_memory_gib double precision NOT NULL,
  proposed_cpu integer NOT NULL CHECK (proposed_cpu >= 1),
  proposed_memory_gib integer NOT NULL CHECK (proposed_memory_gib >= 1),
  reduce_cpu double precision NOT NULL CHECK (reduce_cpu >= 0),
  reduce_memory_gib double precision NOT NULL CHECK (reduce_memory_gib >= 0),
  -- The reading (quantiles of use ÷ request and of use), the rule's settings and the daily points.
  evidence jsonb NOT NULL,
  proposed_by text NOT NULL,
  proposed_at timestamptz NOT NULL,
  -- The end of the contest period: `contestWorkingDays` working days on the calendar.
  contest_by timestamptz NOT NULL,
  -- The department's answer (accept or contest, with its reason).
  answered_by text,
  answered_at timestamptz,
  answer_reason text,
  -- The data bureau's decision of a contest.
  decided_by text,
  decided_at timestamptz,
  decision_comment text,
  version integer NOT NULL DEFAULT 1,
  CHECK ((status IN ('accepted', 'contested', 'upheld', 'withdrawn')) = (answered_by IS NOT NULL)),
  CHECK ((status IN ('upheld', 'withdrawn')) = (decided_by IS NOT NULL)),
  CHECK (status <> 'contested' OR length(answer_reason) >= 4),
  -- Four eyes: who proposed a reduction (an operator's scan) does not decide its contest.
  CHECK (decided_by IS NULL OR (decided_by <> proposed_by AND decided_by <> answered_by))
);
-- At most one open proposal per tenant (awaiting its department, or the data bureau).
CREATE UNIQUE INDEX reclamation_one_open ON reclamation_proposals (cluster, namespace)
  WHERE status IN ('proposed', 'contested');
CREATE INDEX reclamation_by_department ON reclamation_proposals (department, status);
