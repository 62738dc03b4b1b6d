/** Where a server picks a port when told neither --port nor --port-range (the dynamic range). */
export const DYNAMIC_PORTS: [number, number] = [49152, 65535];

/**
 * Listens on a random free port of an inclusive range, by trying to listen (not by probing first,
 * which races with other processes). `listen` resolves false when the port is taken.
 */
export async function listenInRange(
  [start, end]: [number, number],
  listen: (port: number) => Promise<boolean>,
): Promise<number> {
  if (start < 0 || end > 65535) throw new Error('--port-range values must be between 0 and 65535');
  if (start > end) throw new Error('--port-range START must be less than or equal to END');
  const ports = Array.from({ length: end - start + 1 }, (_, i) => start + i);
  for (let i = ports.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [ports[i], ports[j]] = [ports[j], ports[i]];
  }
  for (const port of ports) if (await listen(port)) return port;
  throw new Error(`No free port available in range ${start}-${end}`);
}
