// A request step's clock in words, as the server computed it (what is left, in working days or
// calendar days, and when it lapses): the list, the page and the home panels say it the same way.
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../app/format.ts';

export interface ClockView {
  due: string | Date;
  unit: 'workingDays' | 'days';
  left: number;
  lapsed: boolean;
}

export function useClockText() {
  const { t } = useTranslation();
  const f = useFormat();
  return (c: ClockView | null | undefined): string => {
    if (!c) return '';
    const date = f.dateTime(String(c.due));
    if (c.unit === 'workingDays')
      return c.lapsed
        ? t('requests.clock.lapsedWorkingDays', { over: f.num(Math.max(1, -c.left)), date })
        : t('requests.clock.workingDays', { left: f.num(c.left), date });
    return c.lapsed
      ? t('requests.clock.lapsedDays', { date })
      : t('requests.clock.days', { left: f.num(c.left), date });
  };
}
