import { BlockList, isIP } from 'node:net';

/**
 * A list of client networks in CIDR notation (`127.0.0.1/32`, `10.0.0.0/8`, `::1/128`, or a bare
 * address for one host), IPv4 and IPv6. An IPv4 client reaching a dual-stack socket shows up as an
 * IPv4-mapped IPv6 address (`::ffff:10.1.2.3`); it matches the IPv4 networks, and the other way
 * round, as Node's BlockList compares them.
 */
export class NetworkList {
  private readonly list = new BlockList();

  private constructor(readonly networks: readonly string[]) {
    for (const network of networks) {
      const [address, prefix] = network.split('/');
      const family = isIP(address) === 4 ? 'ipv4' : 'ipv6';
      this.list.addSubnet(address, Number(prefix), family);
    }
  }

  /** The list, or the entries that are not networks (each with a sentence). */
  static parse(entries: readonly string[]): { list: NetworkList; problems: string[] } {
    const networks: string[] = [];
    const problems: string[] = [];
    for (const entry of entries) {
      const network = parseNetwork(entry);
      if (network === undefined) {
        problems.push(
          `"${entry}" is not a network: write an address and a prefix length, as 10.0.0.0/8 or fd00::/8`,
        );
      } else networks.push(network);
    }
    return { list: new NetworkList(networks), problems };
  }

  /** Whether `address` (as a socket reports it) is in one of the networks. */
  allows(address: string | undefined): boolean {
    if (address === undefined) return false;
    const plain = clientAddress(address);
    const family = isIP(plain);
    if (family === 0) return false;
    return this.list.check(plain, family === 4 ? 'ipv4' : 'ipv6');
  }
}

/** A client address as people write it: an IPv4-mapped IPv6 address as plain IPv4. */
export function clientAddress(address: string): string {
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  return mapped ? mapped[1] : address;
}

/** `address/prefix` with the prefix in range for the family (a bare address is one host), or undefined. */
function parseNetwork(entry: string): string | undefined {
  const match = /^([^/\s]+)(?:\/(\d{1,3}))?$/.exec(entry.trim());
  if (!match) return undefined;
  const address = clientAddress(match[1]);
  const family = isIP(address);
  if (family === 0) return undefined;
  const max = family === 4 ? 32 : 128;
  const prefix = match[2] === undefined ? max : Number(match[2]);
  return prefix <= max ? `${address}/${prefix}` : undefined;
}
