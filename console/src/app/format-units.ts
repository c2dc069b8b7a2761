// Binary sizes (bytes → GiB/TiB) for quotas and capacity, in the reader's locale.
export function formatBytes(lng: string, bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let v = bytes;
  let i = 0;
  while (Math.abs(v) >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${new Intl.NumberFormat(lng, { maximumFractionDigits: v < 10 ? 1 : 0 }).format(v)} ${units[i]}`;
}
