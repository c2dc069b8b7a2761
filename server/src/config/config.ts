// Configuration: one file (YAML or JSON) plus environment variables, validated at start-up. A
// bad setting stops the server with a message naming the setting and where it came from.
import { ROLES } from '../auth/policy.ts';
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { repoRoot } from '../lib/layout.ts';
import { DEFAULT_PLATFORM_NAMESPACES } from '../capacity/index.ts';
import { DEFAULT_TRAFFIC_QUERY } from '../sources/prometheus/traffic-source.ts';
import { DEFAULT_ENDPOINT_QUERIES } from '../sources/prometheus/endpoint-source.ts';
import { DEFAULT_LIFECYCLE, type ConfigurableStep } from '../requests/lifecycle.ts';
import { DEFAULT_SCORECARD_RULES } from '../scorecard/score.ts';

const days = (max: number) => z.number().int().min(0).max(max);
const StepList = z
  .array(
    z.enum(['accept', 'review', 'provision', 'test', 'trial'] as const satisfies readonly ConfigurableStep[]),
  )
  .refine((s) => s.includes('review') && s.includes('provision'), {
    message: 'every kind of request is reviewed and provisioned: keep "review" and "provision"',
  });
/** The province's request lifecycle: review and provision always; acceptance, test and trial as it rules. */
const Lifecycle = z
  .object({
    accept: z
      .object({ workingDays: days(30) })
      .strict()
      .default(DEFAULT_LIFECYCLE.accept),
    review: z
      .object({ workingDays: days(30) })
      .strict()
      .default(DEFAULT_LIFECYCLE.review),
    provision: z
      .object({ workingDays: days(30) })
      .strict()
      .default(DEFAULT_LIFECYCLE.provision),
    test: z
      .object({ calendarDays: days(365) })
      .strict()
      .default(DEFAULT_LIFECYCLE.test),
    trial: z
      .object({ minimumDays: days(365) })
      .strict()
      .default(DEFAULT_LIFECYCLE.trial),
    steps: z
      .object({
        new: StepList.default(DEFAULT_LIFECYCLE.steps.new),
        change: StepList.default(DEFAULT_LIFECYCLE.steps.change),
        exit: StepList.default(DEFAULT_LIFECYCLE.steps.exit),
      })
      .strict()
      .prefault({}),
  })
  .strict()
  .prefault({});

/** MLPS level 3 (等保三级) keeps the audit at least this long: no setting may shorten it. */
export const MIN_AUDIT_RETENTION_DAYS = 180;

const Name = z.object({ zh: z.string().min(1), en: z.string().min(1) }).strict();

const ClusterConfig = z
  .object({
    id: z.string().regex(/^[a-z0-9]([a-z0-9-]{0,46}[a-z0-9])?$/, 'lower-case letters, digits and dashes'),
    network: z.enum(['internal', 'external']),
    name: Name,
    /** Highest MLPS (等保) level the cluster is rated for. */
    maxMlps: z.number().int().min(1).max(5),
    kubeconfig: z.string().min(1),
    /** Context in the kubeconfig; its current context when absent. */
    context: z.string().optional(),
    /** This cluster's own Prometheus; otherwise the shared one (`prometheus.url`) with a `cluster` label. */
    prometheus: z.url().optional(),
    /**
     * The environment variable holding the bearer token this cluster's audit webhook sends (the
     * `users[].user.token` of its --audit-webhook-config-file): how Yunqian knows which cluster a
     * batch of audit events comes from. None: the cluster's events are refused.
     */
    auditTokenEnv: z
      .string()
      .regex(/^[A-Z_][A-Z0-9_]*$/, 'an environment variable name')
      .optional(),
  })
  .strict();

const Mapping = z.record(
  z.string(),
  z.object({ department: z.string().min(1), system: z.string().optional() }).strict(),
);

export const ConfigSchema = z
  .object({
    server: z
      .object({
        host: z.string().default('127.0.0.1'),
        port: z.number().int().min(0).max(65535).default(8080),
        consoleDir: z.string().default(`${repoRoot}console/dist`),
        /** Largest request body accepted, in bytes. */
        bodyLimit: z.number().int().positive().default(1_048_576),
        /**
         * Reverse proxies whose X-Forwarded-For and X-Request-Id are believed (addresses or IPv4
         * CIDRs). None by default: the connecting address is the client.
         */
        trustedProxies: z.array(z.string().min(1)).default([]),
        /**
         * A connection silent this long is closed (a sender that never finishes its body is one;
         * live streams stay open, their pings every 15 s count as activity). Longer than the
         * keep-alive timeout (72 s), so an idle keep-alive connection is closed by keep-alive, never
         * cut under a browser that is just reusing it.
         */
        idleTimeoutSeconds: z.number().positive().default(120),
      })
      .strict()
      .prefault({}),
    plan: z
      .object({ dir: z.string().default(`${repoRoot}migrations-plan`), watch: z.boolean().default(true) })
      .strict()
      .prefault({}),
    sandbox: z
      .object({
        /** Run on the built-in sandbox province: an open role picker over generated data. Only when chosen. */
        enabled: z.boolean().optional(),
        /** With database.url: create a throwaway database on that server for the sandbox (and drop it after). */
        ownDatabase: z.boolean().default(false),
        /**
         * With ownDatabase: the sandbox database's name, so that several sandbox processes share one
         * (created by the first, never dropped) and elect one engine among them, as a province's
         * replicas do. Only names a sandbox would create are accepted.
         */
        databaseName: z
          .string()
          .regex(
            /^yunqian_sandbox_[a-z0-9_]{1,40}$/,
            'must start with yunqian_sandbox_ (lower case, digits, _)',
          )
          .optional(),
        /** Let the sandbox listen on a non-loopback address (every visitor can pick any role). */
        allowNetwork: z.boolean().default(false),
        /** Sandbox time runs this many times faster than wall time (0 freezes it). */
        speed: z.number().min(0).default(1440),
        /** Sandbox clock start (ISO date-time); defaults to now. */
        startAt: z.iso.datetime({ offset: true }).optional(),
        stateDir: z.string().optional(),
        /**
         * A load generator for benchmarks (pnpm bench churn): the sandbox holds this many extra
         * pods and applies this many pod events per second. Off while pods is 0.
         */
        podChurn: z
          .object({
            pods: z.number().int().min(0).default(0),
            eventsPerSecond: z.number().min(0).default(0),
          })
          .strict()
          .optional(),
      })
      .strict()
      .prefault({}),
    clusters: z
      .array(ClusterConfig)
      .default([])
      .refine((cs) => new Set(cs.map((c) => c.id)).size === cs.length, 'cluster ids must be unique'),
    kubernetes: z
      .object({
        watchTimeoutSeconds: z.number().int().positive().default(300),
        /** A watch silent for this long is renewed (guards against connections that stall). */
        idleSeconds: z.number().positive().default(90),
        pageSize: z.number().int().positive().max(5000).default(500),
      })
      .strict()
      .prefault({}),
    prometheus: z
      .object({
        /** A shared Prometheus whose series carry a `cluster` label. */
        url: z.url().optional(),
        /** The serving signal per (cluster, namespace); any query returning those labels. */
        trafficQuery: z.string().min(1).default(DEFAULT_TRAFFIC_QUERY),
        /** Systems with their own serving signal (system id → PromQL; the result's sum is the system's traffic). */
        systemTrafficQueries: z.record(z.string().min(1), z.string().min(1)).default({}),
        timeoutSeconds: z.number().positive().default(10),
      })
      .strict()
      .prefault({}),
    /** Where the tenant stacks live: DIY backend directories, Pulumi services, operator clusters. */
    stacks: z
      .array(
        z.discriminatedUnion('kind', [
          z.object({ kind: z.literal('diy'), path: z.string().min(1) }).strict(),
          z
            .object({
              kind: z.literal('cloud'),
              url: z.url().default('https://api.pulumi.com'),
              organization: z.string().min(1),
              project: z.string().optional(),
              /** Name of the environment variable holding the access token (never the token itself). */
              tokenEnv: z.string().default('PULUMI_ACCESS_TOKEN'),
            })
            .strict(),
          z.object({ kind: z.literal('operator'), cluster: z.string().min(1) }).strict(),
        ]),
      )
      .default([]),
    auth: z
      .object({
        /**
         * Roles that give a second factor (TOTP) after their password, enrolling at their first
         * sign-in (MLPS level 3 asks it of privileged accounts: department administrators create
         * accounts). Single sign-on leaves it to the identity provider.
         */
        secondFactorRoles: z
          .array(z.enum(ROLES))
          .default(['admin', 'security', 'auditor', 'operator', 'department-admin']),
        /** A password older than this is changed at the next sign-in (0: never). */
        passwordMaxAgeDays: z.number().int().min(0).max(3650).default(90),
        /** A session nobody acts in for this long ends (background refreshes do not count). */
        idleMinutes: z.number().int().min(1).max(480).default(30),
        /** Single sign-on with an OpenID provider; local accounts only when unset. */
        oidc: z
          .object({
            issuer: z.url(),
            clientId: z.string().min(1),
            /** Environment variable holding the client secret (never the secret itself). */
            clientSecretEnv: z.string().default('YUNQIAN_OIDC_CLIENT_SECRET'),
            redirectUri: z.url(),
            roleClaim: z.string().default('groups'),
            roleMapping: z.record(z.string(), z.enum(ROLES)),
            departmentClaim: z.string().default('department'),
            allowInsecure: z.boolean().default(false),
          })
          .strict()
          .optional(),
      })
      .strict()
      .prefault({}),
    database: z
      .object({
        /** PostgreSQL (several replicas share it); without it the embedded PGlite is used. */
        url: z.string().min(1).optional(),
        /** PGlite's data directory; in memory when unset (the sandbox). */
        dataDir: z.string().min(1).optional(),
      })
      .strict()
      .prefault({}),
    requests: z
      .object({
        /** The tenant program's quota headroom factor: approved requests count as live once the quota reaches estimate × this + approvals. */
        quotaHeadroom: z.number().min(1).default(1.2),
        /** The steps each kind of request goes through and each step's clock (requests/lifecycle.ts). */
        lifecycle: Lifecycle,
      })
      .strict()
      .prefault({}),
    /** Working-day calendar for SLA clocks: holidays and adjusted working weekends (调休). */
    calendar: z
      .object({
        timeZone: z.string().default('Asia/Shanghai'),
        holidays: z.array(z.iso.date()).default([]),
        workingWeekends: z.array(z.iso.date()).default([]),
      })
      .strict()
      .prefault({}),
    capacity: z
      .object({
        /** Shared platform namespaces: their cost is shown as its own line and split over departments. */
        platformNamespaces: z.array(z.string().min(1)).default(DEFAULT_PLATFORM_NAMESPACES),
        /** Unit prices from the service catalogue, for showback; none, no costs shown. */
        prices: z
          .object({
            currency: z.string().length(3).default('CNY'),
            cpuCoreHour: z.number().nonnegative(),
            memoryGiBHour: z.number().nonnegative(),
            storageGiBMonth: z.number().nonnegative(),
          })
          .strict()
          .optional(),
        /** Prometheus answers are reused this long (and shared by concurrent page loads). */
        cacheSeconds: z.number().positive().default(15),
      })
      .strict()
      .prefault({}),
    /**
     * Reclaiming idle resources (闲置资源回收, #22): a tenant whose use stays below `idleShare` of its
     * requests (the `quantile` of use ÷ request over `windowDays`, CPU and memory both) is proposed a
     * lower quota: `keepHeadroom` × that quantile of its use, rounded up to whole cores and GiB. The
     * department may contest it within `contestWorkingDays` working days (the calendar's).
     */
    reclamation: z
      .object({
        idleShare: z.number().gt(0).lt(1).default(0.3),
        quantile: z.number().gt(0).max(1).default(0.95),
        windowDays: z.number().int().min(7).max(30).default(14),
        contestWorkingDays: z.number().int().min(1).max(30).default(5),
        keepHeadroom: z.number().min(1).max(5).default(1.2),
      })
      .strict()
      .prefault({}),
    tenancy: z
      .object({
        labelPrefix: z
          .string()
          .regex(/^[a-z0-9.-]+$/, 'a DNS subdomain such as yunqian.gov.cn')
          .default('yunqian.gov.cn'),
        capsule: Mapping.default({}),
        rancher: Mapping.default({}),
      })
      .strict()
      .prefault({}),
    /**
     * The evidence for the last two stages beyond the signatures (#23): blackbox-exporter probes
     * of each system's public names (and, where DNS servers are given, their answers against the
     * cloud's ingress addresses), and the legacy site's request counter, quiet for `legacyQuietDays`.
     */
    evidence: z
      .object({
        /** probe_success per probe target (blackbox-exporter's `instance` is the target URL or host). */
        probeSuccessQuery: z.string().min(1).default(DEFAULT_ENDPOINT_QUERIES.probeSuccessQuery),
        probeStatusQuery: z.string().min(1).default(DEFAULT_ENDPOINT_QUERIES.probeStatusQuery),
        /** The legacy site's request counter (nginx-module-vts by default), one series per host. */
        legacyRequests: z.string().min(1).default(DEFAULT_ENDPOINT_QUERIES.legacyRequests),
        legacyHostLabel: z.string().min(1).default(DEFAULT_ENDPOINT_QUERIES.legacyHostLabel),
        legacyQuietDays: z.number().int().min(1).max(90).default(DEFAULT_ENDPOINT_QUERIES.legacyQuietDays),
        /** DNS servers (host or host:port) asked for each public name; none: DNS is not checked. */
        dnsServers: z.array(z.string().min(1)).default([]),
        /** The cloud's ingress addresses per network: a public name must resolve to these only. */
        ingress: z
          .object({ internal: z.array(z.string()).default([]), external: z.array(z.string()).default([]) })
          .strict()
          .prefault({}),
        /** A system the plan gives no public names (or legacy hosts) needs an operator's override too. */
        requireNames: z.boolean().default(false),
      })
      .strict()
      .prefault({}),
    /**
     * The backup gate (#23): systems at `minMlps` or above need, per tenant namespace, a completed
     * Velero backup within `scheduleGrace` × its schedule's period and a successful restore test
     * within `restoreTestDays`. Velero's objects count only in `veleroNamespaces`.
     */
    backups: z
      .object({
        minMlps: z.number().int().min(1).max(5).default(3),
        scheduleGrace: z.number().min(1).max(10).default(1.5),
        restoreTestDays: z.number().int().min(1).max(3660).default(180),
        veleroNamespaces: z
          .array(z.string().regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'a namespace name'))
          .min(1)
          .default(['velero']),
      })
      .strict()
      .prefault({}),
    tracker: z
      .object({
        runningForMinutes: z.number().positive().default(10),
        servingThreshold: z.number().nonnegative().default(0.1),
        pollSeconds: z.number().positive().default(30),
        /** Days before a wave opens from which its systems must be assessed for readiness (#24). */
        readinessHorizonDays: z.number().int().min(0).max(365).default(30),
      })
      .strict()
      .prefault({}),
    engine: z
      .object({
        /**
         * V8 heap of the engine's thread (the caches of every cluster, the plan, the tracker), in
         * MiB. `--max-old-space-size` caps each thread on its own, so a deployment sizes both:
         * the API's thread through NODE_OPTIONS, the engine's here. Unset: V8's default.
         */
        heapMiB: z.number().int().min(64).optional(),
      })
      .strict()
      .prefault({}),
    audit: z
      .object({
        /** Environment variable holding the key of the audit chain's HMAC (never stored in the database). */
        keyEnv: z.string().default('YUNQIAN_AUDIT_KEY'),
        /** Where the signed head of the chain is written (outside the database); none by default. */
        headFile: z.string().min(1).optional(),
        headIntervalSeconds: z.number().positive().default(300),
        /**
         * Audit rows are kept this many days at least: `yunqian audit archive` refuses a cutoff
         * within it. Never below 180 (MLPS level 3).
         */
        retentionDays: z
          .number()
          .int()
          .min(
            MIN_AUDIT_RETENTION_DAYS,
            `must be at least ${MIN_AUDIT_RETENTION_DAYS} days (MLPS level 3 keeps the audit 180 days)`,
          )
          .default(MIN_AUDIT_RETENTION_DAYS),
        /** A syslog collector (RFC 5424 over UDP) that receives every audit row. */
        syslog: z
          .object({ host: z.string().min(1), port: z.number().int().min(1).max(65535) })
          .strict()
          .optional(),
      })
      .strict()
      .prefault({}),
    /**
     * The cryptographic profile (#21): `international` (SHA-256, AES-256-GCM, Ed25519) or `gm`
     * (国密: SM3, SM4, SM2 with the GM/T 0009 user ID). See server/src/crypto/profile.ts.
     */
    crypto: z
      .object({
        profile: z.enum(['international', 'gm']).default('international'),
        /** Environment variable holding the data key (hex, 32 bytes) of the encrypted columns. */
        dataKeyEnv: z.string().min(1).default('YUNQIAN_DATA_KEY'),
        /** A key file from `yunqian keys generate`: exported files are signed with it. */
        signingKeyFile: z.string().min(1).optional(),
        /** The signer's user ID in SM2's Z value (GM/T 0009's default ID unless agreed otherwise). */
        userId: z.string().min(1).max(8191).default('1234567812345678'),
      })
      .strict()
      .prefault({}),
    /**
     * The network summary (#21): one instance per network; the internal one exports counts only,
     * signed, for the one-way exchange, and the external one imports them for leadership.
     */
    /**
     * The department scorecard (考核, #22): each indicator's weight (any positive scale), the
     * efficiency that scores full marks, and the security indicator's deductions per item.
     */
    scorecard: z
      .object({
        weights: z
          .object({
            migration: z.number().min(0).default(DEFAULT_SCORECARD_RULES.weights.migration),
            onTime: z.number().min(0).default(DEFAULT_SCORECARD_RULES.weights.onTime),
            efficiency: z.number().min(0).default(DEFAULT_SCORECARD_RULES.weights.efficiency),
            security: z.number().min(0).default(DEFAULT_SCORECARD_RULES.weights.security),
            reclamation: z.number().min(0).default(DEFAULT_SCORECARD_RULES.weights.reclamation),
          })
          .strict()
          .prefault({}),
        efficiencyGoal: z.number().gt(0).max(1).default(DEFAULT_SCORECARD_RULES.efficiencyGoal),
        deductions: z
          .object({
            gateOrDrift: z.number().min(0).max(100).default(DEFAULT_SCORECARD_RULES.deductions.gateOrDrift),
            filingMissing: z
              .number()
              .min(0)
              .max(100)
              .default(DEFAULT_SCORECARD_RULES.deductions.filingMissing),
            assessmentOverdue: z
              .number()
              .min(0)
              .max(100)
              .default(DEFAULT_SCORECARD_RULES.deductions.assessmentOverdue),
          })
          .strict()
          .prefault({}),
      })
      .strict()
      .prefault({}),
    summary: z
      .object({
        /** The one network this instance serves (absent: both, as one instance for the province). */
        network: z.enum(['internal', 'external']).optional(),
        /** Where the exporting instance writes a signed summary (the drop folder the diode carries). */
        exportDir: z.string().min(1).optional(),
        exportEveryMinutes: z.number().positive().default(60),
        /** The folder the importing instance watches for summaries carried across. */
        importDir: z.string().min(1).optional(),
        /** Public keys whose summaries are accepted (SM2: 04… hex; Ed25519: SPKI base64). */
        trustedKeys: z.array(z.string().min(1)).default([]),
      })
      .strict()
      .prefault({}),
    /**
     * Changes to tenant objects received from the clusters' audit webhooks (drift attribution,
     * #23): kept this many days from the change, and the largest batch accepted.
     */
    kubeAudit: z
      .object({
        retentionDays: z.number().int().min(1).max(3650).default(90),
        bodyLimit: z
          .number()
          .int()
          .positive()
          .default(8 * 1_048_576),
      })
      .strict()
      .prefault({}),
    metrics: z
      .object({
        /**
         * Environment variable holding the bearer token Prometheus sends for /metrics (its series
         * name departments and their progress). Without it, /metrics answers only in the sandbox.
         */
        tokenEnv: z.string().default('YUNQIAN_METRICS_TOKEN'),
      })
      .strict()
      .prefault({}),
    /**
     * Notifications (#19) by mail and chat robots, sent from an outbox in the database (once, with
     * several replicas). Off until enabled with at least one channel.
     */
    notifications: z
      .object({
        enabled: z.boolean().default(false),
        /** The pause between looks at the outbox when nothing was due. */
        pollSeconds: z.number().positive().default(5),
        /** Attempts before a notification is given up (its last error is kept). */
        maxAttempts: z.number().int().min(1).max(20).default(6),
        /** The wait after a first failure; it doubles after each further one, up to an hour. */
        retryBaseSeconds: z.number().positive().default(30),
        /** How many days before an MLPS assessment falls due its department and assessors are told. */
        mlpsDueDays: z.number().int().min(1).max(365).default(30),
        /** The least pause between two looks at the engine's versions for drift, quotas and run-out dates. */
        watchSeconds: z.number().positive().default(10),
        /** Mail through an SMTP relay, to the address each user gives in their preferences. */
        smtp: z
          .object({
            host: z.string().min(1),
            port: z.number().int().min(1).max(65535).default(25),
            /** TLS from the start (port 465); otherwise STARTTLS when the relay offers it. */
            secure: z.boolean().default(false),
            from: z.string().min(3),
            user: z.string().min(1).optional(),
            /** Environment variable holding the relay's password (never the password itself). */
            passwordEnv: z.string().default('YUNQIAN_SMTP_PASSWORD'),
          })
          .strict()
          .optional(),
        /** Group robots: environment variables holding each webhook URL (the URL carries its token). */
        dingtalk: z
          .object({ urlEnv: z.string().default('YUNQIAN_DINGTALK_WEBHOOK') })
          .strict()
          .optional(),
        wecom: z
          .object({ urlEnv: z.string().default('YUNQIAN_WECOM_WEBHOOK') })
          .strict()
          .optional(),
        feishu: z
          .object({ urlEnv: z.string().default('YUNQIAN_FEISHU_WEBHOOK') })
          .strict()
          .optional(),
        /** A receiver of the province's own: each notification POSTed as JSON. */
        webhook: z.object({ url: z.url() }).strict().optional(),
      })
      .strict()
      .prefault({}),
    log: z
      .object({
        level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
      })
      .strict()
      .prefault({}),
  })
  .strict();

export type Config = z.infer<typeof ConfigSchema>;

/** Environment variables and the setting each one sets. */
export const ENV: Record<string, { path: string[]; type: 'string' | 'number' | 'boolean' }> = {
  YUNQIAN_HOST: { path: ['server', 'host'], type: 'string' },
  YUNQIAN_PORT: { path: ['server', 'port'], type: 'number' },
  YUNQIAN_CONSOLE_DIR: { path: ['server', 'consoleDir'], type: 'string' },
  YUNQIAN_PLAN_DIR: { path: ['plan', 'dir'], type: 'string' },
  YUNQIAN_SANDBOX: { path: ['sandbox', 'enabled'], type: 'boolean' },
  YUNQIAN_SANDBOX_OWN_DATABASE: { path: ['sandbox', 'ownDatabase'], type: 'boolean' },
  YUNQIAN_SANDBOX_DATABASE_NAME: { path: ['sandbox', 'databaseName'], type: 'string' },
  YUNQIAN_SANDBOX_ALLOW_NETWORK: { path: ['sandbox', 'allowNetwork'], type: 'boolean' },
  YUNQIAN_SANDBOX_SPEED: { path: ['sandbox', 'speed'], type: 'number' },
  YUNQIAN_SANDBOX_START: { path: ['sandbox', 'startAt'], type: 'string' },
  YUNQIAN_SANDBOX_CHURN_PODS: { path: ['sandbox', 'podChurn', 'pods'], type: 'number' },
  YUNQIAN_SANDBOX_CHURN_EVENTS_PER_SECOND: {
    path: ['sandbox', 'podChurn', 'eventsPerSecond'],
    type: 'number',
  },
  YUNQIAN_AUTH_IDLE_MINUTES: { path: ['auth', 'idleMinutes'], type: 'number' },
  YUNQIAN_AUDIT_RETENTION_DAYS: { path: ['audit', 'retentionDays'], type: 'number' },
  YUNQIAN_CRYPTO_PROFILE: { path: ['crypto', 'profile'], type: 'string' },
  YUNQIAN_ENGINE_HEAP_MIB: { path: ['engine', 'heapMiB'], type: 'number' },
  DATABASE_URL: { path: ['database', 'url'], type: 'string' },
  YUNQIAN_DATA_DIR: { path: ['database', 'dataDir'], type: 'string' },
  YUNQIAN_PROMETHEUS_URL: { path: ['prometheus', 'url'], type: 'string' },
  YUNQIAN_LOG_LEVEL: { path: ['log', 'level'], type: 'string' },
  YUNQIAN_NOTIFICATIONS: { path: ['notifications', 'enabled'], type: 'boolean' },
};

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, file = env.YUNQIAN_CONFIG): Config {
  let raw: Record<string, unknown> = {};
  if (file) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      throw new ConfigError(`cannot read configuration file ${file}: ${(e as Error).message}`);
    }
    try {
      raw = (file.endsWith('.json') ? JSON.parse(text) : parseYaml(text)) ?? {};
    } catch (e) {
      throw new ConfigError(
        `configuration file ${file} is not valid ${file.endsWith('.json') ? 'JSON' : 'YAML'}: ${(e as Error).message}`,
      );
    }
  }
  const fromEnv = new Map<string, string>();
  for (const [name, spec] of Object.entries(ENV)) {
    const v = env[name];
    if (v === undefined || v === '') continue;
    let value: unknown = v;
    if (spec.type === 'number') value = Number(v);
    if (spec.type === 'boolean')
      value = v === 'true' || v === '1' ? true : v === 'false' || v === '0' ? false : v;
    let node = raw as Record<string, unknown>;
    for (const k of spec.path.slice(0, -1)) node = (node[k] ??= {}) as Record<string, unknown>;
    node[spec.path.at(-1)!] = value;
    fromEnv.set(spec.path.join('.'), name);
  }
  const r = ConfigSchema.safeParse(raw);
  if (!r.success) {
    const lines = r.error.issues.map((i) => {
      const setting = i.path.join('.') || '(top level)';
      const origin = fromEnv.get(setting) ? ` (from ${fromEnv.get(setting)})` : file ? ` (in ${file})` : '';
      return `  ${setting}${origin}: ${i.message}`;
    });
    throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`);
  }
  return r.data;
}
