// A resource request as every console view shows it: the stored row, the system's name and the
// SLA clock. The list and the live event that patches it are built here, so they cannot differ.
import type { Request } from '../store/requests.ts';
import type { LocalizedName, Network } from '../model/index.ts';
import { workingDaysBetween, type WorkCalendar } from '../store/calendar.ts';

export function requestView<Name>(
  r: Request,
  systemName: (id: string) => Name,
  now: Date,
  calendar: WorkCalendar,
  unitName: (id: string) => Name = systemName,
) {
  const awaited = r.status === 'pending' ? r.reviewLevels[r.reviewStep] : undefined;
  return {
    ...r,
    systemName: systemName(r.system),
    /** Working days left to decide (negative: overdue); null once decided. */
    workingDaysLeft: r.status === 'pending' ? workingDaysBetween(now, r.dueAt, calendar) : null,
    overdue: r.status === 'pending' && r.dueAt < now,
    /** The level whose review a pending request awaits (step of all), null without levels. */
    awaiting:
      awaited === undefined
        ? null
        : { unit: awaited, name: unitName(awaited), step: r.reviewStep + 1, of: r.reviewLevels.length },
    /** The levels' reviews so far, each with its unit's name. */
    reviews: r.reviews.map((x) => ({ ...x, levelName: unitName(x.level) })),
  };
}

export type RequestView = ReturnType<typeof requestView<LocalizedName | null>>;

/** The view with the system's and units' names from a catalog (the viewer's, or the province-wide one). */
export const requestViewIn = (
  catalog: {
    plannedAnyName(id: string): { name: LocalizedName } | undefined;
    orgName(id: string): LocalizedName | null;
  },
  r: Request,
  now: Date,
  calendar: WorkCalendar,
) =>
  requestView(
    r,
    (id) => catalog.plannedAnyName(id)?.name ?? null,
    now,
    calendar,
    (id) => catalog.orgName(id),
  );

/** The live event that tells consoles in the request's department and network that it changed. */
export const requestEvent = (request: RequestView) => ({
  kind: 'requests' as const,
  id: request.id,
  department: request.department,
  network: request.network as Network,
  status: request.status,
  request,
});
