// One generator of synthetic provinces at a given size, deterministic for a seed. It writes the
// sample plan in the repo and feeds the benchmarks, so both exercise the same loader.
import { stringify } from 'yaml';
import type { PlanText } from '../load.ts';
import type { Organisation } from '../schema.ts';
import { mulberry32, type Rng } from './random.ts';
import {
  CITIES,
  CITY_BUREAUX,
  GIVEN,
  PLATFORMS,
  PROVINCIAL_DEPARTMENTS,
  SITES,
  SURNAMES,
  SYSTEM_TEMPLATES,
} from './names.ts';

export interface ProvinceSize {
  seed: number;
  /** Number of cities (each with bureaux and counties). */
  cities: number;
  /** Bureaux per city. */
  bureauxPerCity: number;
  /** Approximate number of systems in total. */
  systems: number;
}

export const SAMPLE_SIZE: ProvinceSize = { seed: 20261125, cities: 4, bureauxPerCity: 6, systems: 420 };
export const REFERENCE_SIZE: ProvinceSize = { seed: 7, cities: 16, bureauxPerCity: 28, systems: 10_000 };

export const WAVES = [
  {
    id: 'w1',
    zh: '第一批：基础平台',
    en: 'Wave 1: Foundation platforms',
    start: '2025-01-01',
    end: '2025-09-30',
  },
  {
    id: 'w2',
    zh: '第二批：政务服务',
    en: 'Wave 2: Government services',
    start: '2025-07-01',
    end: '2026-03-31',
  },
  {
    id: 'w3',
    zh: '第三批：部门业务',
    en: 'Wave 3: Department business',
    start: '2026-01-01',
    end: '2026-09-30',
  },
  { id: 'w4', zh: '第四批：内部办公', en: 'Wave 4: Internal office', start: '2026-07-01', end: '2027-03-31' },
  {
    id: 'w5',
    zh: '第五批：市县系统',
    en: 'Wave 5: Cities and counties',
    start: '2027-01-01',
    end: '2027-09-30',
  },
  { id: 'w6', zh: '第六批：收尾', en: 'Wave 6: Final systems', start: '2027-07-01', end: '2027-12-31' },
] as const;

const PLATFORM_IDS = new Set(PLATFORMS.map((p) => p.id));

const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)]!;
const addDays = (iso: string, days: number) =>
  new Date(Date.parse(iso) + days * 86_400_000).toISOString().slice(0, 10);

interface Owner {
  id: string;
  /** The department whose file lists this owner's systems (itself, or the department above a unit). */
  fileDept: string;
  stem: string;
  stemEn: string;
  city: boolean;
  zh: string;
}

export function generateProvince(size: ProvinceSize): PlanText[] {
  const rng = mulberry32(size.seed);
  const owners: Owner[] = [];
  const province: Organisation = {
    id: 'province',
    kind: 'province',
    name: { zh: '省人民政府', en: 'Provincial Government' },
    children: [],
  };

  PROVINCIAL_DEPARTMENTS.forEach((d, i) => {
    const dept: Organisation = {
      id: d.id,
      kind: 'department',
      name: { zh: d.zh, en: `Provincial ${d.en}` },
      children: [],
    };
    owners.push({ id: d.id, fileDept: d.id, stem: d.stem, stemEn: d.stemEn, city: false, zh: d.zh });
    if (i % 3 === 0) {
      const centre: Organisation = {
        id: `${d.id}-xxzx`,
        kind: 'unit',
        name: { zh: `${d.zh}信息中心`, en: `${d.en} Information Centre` },
        children: [],
      };
      if (i % 6 === 0) {
        centre.children!.push({
          id: `${d.id}-xxzx-yw`,
          kind: 'unit',
          name: { zh: `${d.zh}信息中心运维科`, en: `${d.en} IT Operations Section` },
        });
        owners.push({
          id: `${d.id}-xxzx-yw`,
          fileDept: d.id,
          stem: `${d.stem}运维`,
          stemEn: `${d.stemEn} Operations`,
          city: false,
          zh: d.zh,
        });
      }
      dept.children!.push(centre);
      owners.push({
        id: `${d.id}-xxzx`,
        fileDept: d.id,
        stem: `${d.stem}信息中心`,
        stemEn: `${d.stemEn} IT Centre`,
        city: false,
        zh: d.zh,
      });
    }
    province.children!.push(dept);
  });

  for (let c = 0; c < size.cities; c++) {
    const base = CITIES[c % CITIES.length]!;
    const round = Math.floor(c / CITIES.length);
    const cityId = round ? `${base.id}${round + 1}` : base.id;
    const cityZh = round ? base.zh.replace('市', `${round + 1}市`) : base.zh;
    const city: Organisation = {
      id: `city-${cityId}`,
      kind: 'city',
      name: { zh: `${cityZh}人民政府`, en: `${base.en} Municipal Government` },
      children: [],
    };
    for (let b = 0; b < size.bureauxPerCity; b++) {
      const bureau = CITY_BUREAUX[b % CITY_BUREAUX.length]!;
      const id = `${cityId}-${bureau.id}`;
      city.children!.push({
        id,
        kind: 'department',
        name: { zh: `${cityZh}${bureau.zh}`, en: `${base.en} ${bureau.en}` },
      });
      owners.push({
        id,
        fileDept: id,
        stem: `${cityZh.replace('市', '')}${bureau.stem}`,
        stemEn: `${base.en} ${bureau.stemEn}`,
        city: true,
        zh: `${cityZh}${bureau.zh}`,
      });
    }
    for (const [k, county] of ['东', '西'].entries()) {
      const id = `${cityId}-county${k + 1}`;
      const zh = `${cityZh.replace('市', '')}${county}县`;
      city.children!.push({
        id,
        kind: 'county',
        name: { zh: `${zh}人民政府`, en: `${base.en} ${k ? 'West' : 'East'} County Government` },
      });
      owners.push({
        id,
        fileDept: `city-${cityId}`,
        stem: zh,
        stemEn: `${base.en} ${k ? 'West' : 'East'} County`,
        city: true,
        zh,
      });
    }
    owners.push({
      id: `city-${cityId}`,
      fileDept: `city-${cityId}`,
      stem: cityZh.replace('市', ''),
      stemEn: base.en,
      city: true,
      zh: cityZh,
    });
    province.children!.push(city);
  }

  const files = new Map<string, Record<string, unknown>[]>();
  const add = (fileDept: string, s: Record<string, unknown>) => {
    let list = files.get(fileDept);
    if (!list) files.set(fileDept, (list = []));
    list.push(s);
  };
  const person = () => pick(rng, [...SURNAMES]) + pick(rng, GIVEN);
  let seq = 0;
  const common = (owner: string, network: 'internal' | 'external', mlps: number, waveIdx: number) => {
    const wave = WAVES[waveIdx]!;
    const span = (Date.parse(wave.end) - Date.parse(wave.start)) / 86_400_000;
    const start = addDays(wave.start, Math.floor(rng() * span * 0.4));
    const cutover = addDays(
      start,
      Math.min(
        Math.floor(span * 0.4 + rng() * span * 0.5),
        Math.floor((Date.parse(wave.end) - Date.parse(start)) / 86_400_000) - 1,
      ),
    );
    const cpu = pick(rng, [2, 4, 8, 8, 16, 16, 32, 64]);
    seq++;
    return {
      network,
      mlps: {
        level: mlps,
        ...(mlps >= 2
          ? { filing: `${String(330000 + (seq % 999)).padStart(6, '0')}-${String(seq).padStart(5, '0')}` }
          : {}),
        ...(mlps >= 2 ? { assessed: addDays('2025-09-01', Math.floor(rng() * 420)) } : {}),
      },
      wave: wave.id,
      start,
      cutover,
      resources: {
        cpu,
        memoryGiB: cpu * pick(rng, [2, 4, 4, 8]),
        storageGiB: pick(rng, [50, 100, 200, 500, 1000, 2000, 5000]),
      },
      currentSite: {
        kind: pick(rng, ['self-built-dc', 'machine-room', 'machine-room', 'hosted'] as const),
        name: `${owner}${pick(rng, SITES)}`,
      },
      contacts: [
        { name: person(), role: 'owner' },
        {
          name: person(),
          role: 'technical',
          phone: `0571-8${String(Math.floor(rng() * 1e7)).padStart(7, '0')}`,
        },
      ],
    };
  };

  for (const p of PLATFORMS) {
    const owner = owners.find((o) => o.id === p.owner)!;
    add(owner.fileDept, {
      id: p.id,
      name: { zh: p.zh, en: p.en },
      ...common(owner.zh, p.network, p.mlps, p.deps ? 1 : 0),
      strategy: pick(rng, ['replatform', 'refactor'] as const),
      dependsOn: (p.deps ?? []).map((d) => d),
    });
  }

  const perOwner = Math.max(1, Math.round((size.systems - PLATFORMS.length) / owners.length));
  let made = PLATFORMS.length;
  owners.forEach((owner, oi) => {
    const count =
      oi === owners.length - 1 ? Math.max(1, size.systems - made) : perOwner + (rng() < 0.3 ? 1 : 0);
    const offset = Math.floor(rng() * SYSTEM_TEMPLATES.length);
    const dataSystem = `${owner.id}-data`;
    for (let k = 0; k < count; k++) {
      const t = SYSTEM_TEMPLATES[(offset + k) % SYSTEM_TEMPLATES.length]!;
      const round = Math.floor(k / SYSTEM_TEMPLATES.length);
      let id = `${owner.id}-${t.key}${round ? `-${round + 1}` : ''}`;
      // At large sizes a generic id can meet a platform's (e.g. jgswj-oa): keep ids unique.
      while (PLATFORM_IDS.has(id)) id += '-x';
      const classified = Boolean(t.classified) && !owner.city;
      const suffix = round ? `（${round + 1}期）` : '';
      const waveIdx = owner.city
        ? 4 + Math.floor(rng() * 2)
        : t.network === 'internal'
          ? 2 + Math.floor(rng() * 2)
          : Math.floor(rng() * 4);
      const strategy =
        t.key === 'legacy-report'
          ? 'retire'
          : classified && rng() < 0.4
            ? 'retain'
            : pick(rng, [
                'rehost',
                'rehost',
                'rehost',
                'replatform',
                'replatform',
                'refactor',
                'repurchase',
              ] as const);
      const exchange = t.network === 'external' ? 'dsj-exchange' : 'dsj-inner-exchange';
      const deps: (string | { system: string; channel?: string })[] = [];
      if (rng() < 0.5 && !classified) deps.push(exchange);
      if (t.key === 'services')
        deps.push(
          t.network === 'external'
            ? 'zwfw-portal'
            : { system: 'zwfw-portal', channel: '省电子政务内外网安全交换系统' },
        );
      if (t.key === 'stats' && k > 0 && id !== dataSystem) {
        // A few statistics systems read the internal network's exchange without a declared
        // channel: legal, but the tracker's compliance gate flags them.
        deps.push(
          oi % 17 === 0
            ? 'dsj-inner-exchange'
            : { system: 'dsj-inner-exchange', channel: '省电子政务内外网安全交换系统' },
        );
      }
      add(owner.fileDept, {
        id,
        name: {
          zh: t.zh.replace('{stem}', owner.stem) + suffix,
          en: t.en.replace('{stemEn}', owner.stemEn) + (round ? ` (phase ${round + 1})` : ''),
        },
        ...(owner.id !== owner.fileDept ? { department: owner.id } : {}),
        ...(classified ? { classified: true } : {}),
        ...common(owner.zh, t.network, classified ? 4 : t.mlps, waveIdx),
        strategy,
        dependsOn: deps,
        // Public-facing systems name the addresses users reach them by and their old site's host
        // (the cut-over and retirement evidence); a system to retire names its old site only.
        ...(t.key === 'portal' || t.key === 'services'
          ? { publicNames: [`${id}.example.gov.cn`], legacyHosts: [`${id}.old.example.gov.cn`] }
          : t.key === 'legacy-report'
            ? { legacyHosts: [`${id}.old.example.gov.cn`] }
            : {}),
      });
      made++;
    }
  });

  const header = (kind: string, depth = 0) =>
    `# yaml-language-server: $schema=${'../'.repeat(depth)}schema/${kind}.schema.json\n`;
  const yaml = (v: unknown) => stringify(v, { lineWidth: 0 });
  const texts: PlanText[] = [
    { name: 'organisation.yaml', text: header('organisation') + yaml({ organisations: [province] }) },
    {
      name: 'waves.yaml',
      text:
        header('waves') +
        yaml({
          waves: WAVES.map((w) => ({ id: w.id, name: { zh: w.zh, en: w.en }, start: w.start, end: w.end })),
        }),
    },
    {
      name: 'targets.yaml',
      text:
        header('targets') +
        yaml({
          scope: { excludeClassified: true, countApart: ['retire', 'retain'] },
          targets: [
            {
              id: 'interim-2026',
              name: { zh: '2026年底上云率达到60%', en: '60% migrated by the end of 2026' },
              rate: 0.6,
              by: '2026-12-31',
            },
            {
              id: 'final-2027',
              name: { zh: '2027年底上云率达到95%', en: '95% migrated by the end of 2027' },
              rate: 0.95,
              by: '2027-12-31',
            },
          ],
        }),
    },
  ];
  for (const [dept, systems] of [...files.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    texts.push({
      name: `systems/${dept}.yaml`,
      text: header('systems', 1) + yaml({ department: dept, systems }),
    });
  }
  return texts;
}
