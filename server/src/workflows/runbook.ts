// The cut-over runbook (割接预案): what must be done before a department may sign its system's
// cut-over — a rehearsal, the migrated data verified, a backup taken, a rollback plan, the window
// announced to users. One list, read by the store (which refuses the signature) and by the API
// (which tells the console what is missing): the console never decides it.
export const RUNBOOK_ITEMS = [
  'rehearsal',
  'dataVerified',
  'backupTaken',
  'rollbackPlan',
  'windowAnnounced',
] as const;
export type RunbookItem = (typeof RUNBOOK_ITEMS)[number];

export interface ItemDone {
  by: string;
  at: string;
  note: string | null;
}
export type RunbookItems = Partial<Record<RunbookItem, ItemDone>>;

/** The items not done yet, in the list's order. */
export const runbookMissing = (items: RunbookItems): RunbookItem[] => RUNBOOK_ITEMS.filter((i) => !items[i]);
