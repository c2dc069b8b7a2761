// A DNS server for tests on a free loopback UDP port, answering A queries from a table in the
// standard wire format (RFC 1035: header, the question echoed, answers with a name pointer): the
// resolver under test is Node's own (c-ares), so a malformed answer would fail the test.
import { createSocket } from 'node:dgram';
import { freePort } from './ports.ts';

export interface RunningDns {
  /** host:port, as the evidence.dnsServers setting takes it. */
  server: string;
  /** Names and their A records; a name not in it is NXDOMAIN. Change it at will. */
  records: Map<string, string[]>;
  close(): Promise<void>;
}

export async function startDns(records: Record<string, string[]>): Promise<RunningDns> {
  const table = new Map(Object.entries(records));
  const socket = createSocket('udp4');
  socket.on('message', (query, peer) => {
    const answer = respond(query, table);
    if (answer) socket.send(answer, peer.port, peer.address);
  });
  const port = await freePort();
  await new Promise<void>((resolve) => socket.bind(port, '127.0.0.1', resolve));
  return {
    server: `127.0.0.1:${port}`,
    records: table,
    close: () => new Promise((resolve) => socket.close(() => resolve())),
  };
}

function respond(query: Buffer, table: Map<string, string[]>): Buffer | null {
  if (query.length < 12) return null;
  // The question: labels up to the zero byte, then QTYPE and QCLASS.
  let at = 12;
  const labels: string[] = [];
  while (at < query.length && query[at] !== 0) {
    const len = query[at]!;
    labels.push(query.subarray(at + 1, at + 1 + len).toString('ascii'));
    at += 1 + len;
  }
  const questionEnd = at + 5;
  if (questionEnd > query.length) return null;
  const qtype = query.readUInt16BE(at + 1);
  const name = labels.join('.').toLowerCase();
  const addresses = table.get(name);
  const answers = qtype === 1 && addresses ? addresses : [];
  const header = Buffer.alloc(12);
  header.writeUInt16BE(query.readUInt16BE(0), 0); // the query's id
  // QR, the query's RD, RA; RCODE 3 (NXDOMAIN) for a name not in the table.
  header.writeUInt16BE(0x8000 | (query.readUInt16BE(2) & 0x0100) | 0x0080 | (addresses ? 0 : 3), 2);
  header.writeUInt16BE(1, 4);
  header.writeUInt16BE(answers.length, 6);
  const records = answers.map((ip) => {
    const rr = Buffer.alloc(16);
    rr.writeUInt16BE(0xc00c, 0); // pointer to the question's name
    rr.writeUInt16BE(1, 2); // A
    rr.writeUInt16BE(1, 4); // IN
    rr.writeUInt32BE(60, 6); // TTL
    rr.writeUInt16BE(4, 10);
    ip.split('.').forEach((o, i) => rr.writeUInt8(Number(o), 12 + i));
    return rr;
  });
  return Buffer.concat([header, query.subarray(12, questionEnd), ...records]);
}
