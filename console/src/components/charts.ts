// What the console's time-series charts share.
import type { XAxis } from '@mui/x-charts/models';

/**
 * A time axis labelled with dates. With the axis's default height x-charts finds the date labels
 * do not fit and leaves them out (the ticks are drawn empty), so the height is set here, once.
 */
export function dateAxis(
  times: number[],
  formatDate: (ms: number) => string,
  tickNumber?: number,
): XAxis<'time'> {
  return {
    data: times,
    scaleType: 'time',
    valueFormatter: (t: Date | number) => formatDate(+t),
    height: 30,
    ...(tickNumber ? { tickNumber } : {}),
  };
}
