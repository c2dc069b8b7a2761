// The migration plan's schema: the single source of truth for the YAML files, the JSON Schemas
// editors use, the server's loader and the infra/ tenant program.
import { z } from 'zod';

export const NETWORKS = ['internal', 'external'] as const;
export const STRATEGIES = ['rehost', 'replatform', 'refactor', 'repurchase', 'retire', 'retain'] as const;
export const ORG_KINDS = ['province', 'department', 'unit', 'city', 'county'] as const;
export const SITE_KINDS = ['self-built-dc', 'machine-room', 'hosted', 'new-build'] as const;

export const Id = z
  .string()
  .regex(/^[a-z0-9]([a-z0-9-]{0,46}[a-z0-9])?$/, 'ids are 1–48 lower-case letters, digits and dashes')
  .describe('Stable identifier: lower-case letters, digits and dashes (used in Kubernetes labels)');

export const IsoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'dates are written YYYY-MM-DD')
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)), 'not a calendar date');

export const LocalizedName = z
  .object({
    zh: z.string().min(1, 'a Chinese name is required'),
    en: z.string().min(1, 'an English name is required'),
  })
  .strict();

export const Network = z.enum(NETWORKS);
export const Strategy = z.enum(STRATEGIES);

export interface OrganisationInput {
  id: string;
  kind: (typeof ORG_KINDS)[number];
  name: z.infer<typeof LocalizedName>;
  code?: string | undefined;
  children?: OrganisationInput[] | undefined;
}

export const Organisation: z.ZodType<OrganisationInput> = z.lazy(() =>
  z
    .object({
      id: Id,
      kind: z.enum(ORG_KINDS),
      name: LocalizedName,
      code: z
        .string()
        .max(16)
        .optional()
        .describe('Short code used in reports (e.g. unified social credit prefix)'),
      children: z.array(Organisation).optional(),
    })
    .strict(),
);

export const OrganisationFile = z
  .object({ organisations: z.array(Organisation).min(1, 'the organisation tree needs a root') })
  .strict();

export const Wave = z
  .object({
    id: Id,
    name: LocalizedName,
    start: IsoDate,
    end: IsoDate,
  })
  .strict();

export const WavesFile = z.object({ waves: z.array(Wave).min(1) }).strict();

export const Scope = z
  .object({
    excludeClassified: z
      .boolean()
      .default(true)
      .describe('Classified (涉密) systems are not counted in the rate'),
    countApart: z
      .array(Strategy)
      .default(['retire', 'retain'])
      .describe('Strategies counted apart from the migration rate'),
  })
  .strict();

export const Target = z
  .object({
    id: Id,
    name: LocalizedName,
    rate: z.number().gt(0).max(1).describe('Share of in-scope systems migrated, 0–1'),
    by: IsoDate,
    network: Network.optional(),
  })
  .strict();

export const TargetsFile = z
  .object({
    scope: Scope.default({ excludeClassified: true, countApart: ['retire', 'retain'] }),
    targets: z.array(Target).default([]),
  })
  .strict();

export const Mlps = z
  .object({
    level: z.number().int().min(1).max(4).describe('MLPS 2.0 (等保) level'),
    filing: z.string().min(1).optional().describe('Filing number (备案号)'),
    assessed: IsoDate.optional().describe('Date of the last assessment (测评)'),
  })
  .strict();

export const Resources = z
  .object({
    cpu: z.number().positive().describe('vCPU cores'),
    memoryGiB: z.number().positive(),
    storageGiB: z.number().nonnegative(),
  })
  .strict();

export const Dependency = z.union([
  Id,
  z
    .object({
      system: Id,
      channel: z
        .string()
        .min(1)
        .optional()
        .describe('Approved exchange channel for a cross-network dependency'),
    })
    .strict(),
]);

/** A DNS name (or an IPv4 address, as a legacy reverse proxy may report its host). */
export const HostName = z
  .string()
  .regex(
    /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/,
    'a host name is lower-case letters, digits, dashes and dots (e.g. zwfw.example.gov.cn)',
  );

export const Contact = z
  .object({
    name: z.string().min(1),
    role: z.enum(['owner', 'technical', 'vendor', 'security']),
    phone: z.string().optional(),
    email: z.string().email().optional(),
  })
  .strict();

export const System = z
  .object({
    id: Id,
    name: LocalizedName,
    department: Id.optional().describe("Owning unit; defaults to the file's department"),
    network: Network,
    classified: z.boolean().default(false),
    mlps: Mlps,
    strategy: Strategy,
    wave: Id,
    start: IsoDate.describe('Planned start of the migration'),
    cutover: IsoDate.describe('Planned cut-over (割接)'),
    resources: Resources,
    currentSite: z
      .object({ kind: z.enum(SITE_KINDS), name: z.string().min(1) })
      .strict()
      .describe('Where the system runs today'),
    dependsOn: z.array(Dependency).default([]),
    contacts: z.array(Contact).default([]),
    publicNames: z
      .array(HostName)
      .optional()
      .describe(
        "The names users reach the system by (域名); probed to prove it is served by the cloud's ingress",
      ),
    legacyHosts: z
      .array(HostName)
      .optional()
      .describe(
        "The legacy site's host names as its reverse proxy counts requests; quiet for days before retirement",
      ),
  })
  .strict();

export const SystemsFile = z
  .object({
    department: Id.describe('The department whose systems this file lists'),
    systems: z.array(System),
  })
  .strict();

export type Organisation = OrganisationInput;
export type Wave = z.infer<typeof Wave>;
export type Target = z.infer<typeof Target>;
export type Scope = z.infer<typeof Scope>;
export type System = z.infer<typeof System>;
export type Dependency = z.infer<typeof Dependency>;
export type Network = z.infer<typeof Network>;
export type Strategy = z.infer<typeof Strategy>;

/** Which schema applies to which file of the plan folder. */
export const FILE_KINDS = {
  organisation: OrganisationFile,
  waves: WavesFile,
  targets: TargetsFile,
  systems: SystemsFile,
} as const;
export type FileKind = keyof typeof FILE_KINDS;
