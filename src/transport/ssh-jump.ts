// Jump hosts (ProxyJump) without the ssh binary: a host behind a jump host is a
// direct-tcpip channel (forwardOut) on an ssh2 connection to the jump host,
// given to ssh2 as the target's socket. All hosts behind the same jump host
// share one connection to it; it closes when the last of them has. A jump host
// may itself be behind another: each hop is logged in to and its host key checked.
import type { Duplex } from 'node:stream';
import type ssh2 from 'ssh2';
import { addressPort, TransportError, type ConnectParams } from './connection.js';
import { keepaliveLost } from './ssh-failures.js';

export type SshClient = InstanceType<typeof ssh2.Client>;

export interface Tunnel {
  stream: Duplex;
  /** Why the jump host's connection is gone (undefined while it is up). */
  lostReason(): string | undefined;
  /** The target is done with it. */
  release(): void;
}

interface Jump {
  client: Promise<SshClient>;
  users: number;
  lost?: string;
}

type OpenClient = (params: ConnectParams, sock?: Duplex) => Promise<SshClient>;

export class Tunnels {
  private readonly jumps = new Map<string, Jump>();

  constructor(private readonly openClient: OpenClient) {}

  /** A channel to `target.address:target.port` from its jump host (`target.via`). */
  async open(target: ConnectParams): Promise<Tunnel> {
    const via = target.via!;
    const jump = this.jump(via);
    jump.users++;
    let released = false;
    const release = (): void => {
      if (released) return;
      released = true;
      if (--jump.users === 0) this.close(via, jump);
    };
    const through = `${via.user}@${addressPort(via.address, via.port)}`;
    try {
      const client = await jump.client;
      const stream = await new Promise<Duplex>((resolve, reject) =>
        client.forwardOut('127.0.0.1', 0, target.address, target.port, (err, channel) =>
          err ? reject(err) : resolve(channel),
        ),
      );
      return {
        stream,
        release,
        lostReason: () => jump.lost && `the link to jump host ${through} was lost: ${jump.lost}`,
      };
    } catch (err) {
      release();
      const why =
        err instanceof TransportError
          ? `cannot reach jump host ${via.host}: ${err.message}`
          : `jump host ${through} cannot connect to ${addressPort(target.address, target.port)} (${(err as Error).message})`;
      throw new TransportError(target.host, why);
    }
  }

  private jump(via: ConnectParams): Jump {
    const key = chainKey(via);
    let jump = this.jumps.get(key);
    if (jump) return jump;
    const opened: Jump = { users: 0, client: this.connect(via) };
    jump = opened;
    this.jumps.set(key, jump);
    opened.client.then(
      (client) => {
        client.on(
          'error',
          (err) => (opened.lost ??= err.message === 'Keepalive timeout' ? keepaliveLost(via) : err.message),
        );
        client.once('close', () => {
          opened.lost ??= 'the server closed the connection';
          if (this.jumps.get(key) === opened) this.jumps.delete(key);
        });
      },
      () => this.jumps.get(key) === opened && this.jumps.delete(key),
    );
    return jump;
  }

  /** The jump host's own connection, through its own jump host when it has one. */
  private async connect(via: ConnectParams): Promise<SshClient> {
    if (!via.via) return this.openClient(via);
    const tunnel = await this.open(via);
    try {
      const client = await this.openClient(via, tunnel.stream);
      client.once('close', () => tunnel.release());
      return client;
    } catch (err) {
      tunnel.release();
      throw err;
    }
  }

  private close(via: ConnectParams, jump: Jump): void {
    const key = chainKey(via);
    if (this.jumps.get(key) === jump) this.jumps.delete(key);
    jump.client.then(
      (c) => c.end(),
      () => undefined,
    );
  }
}

/** Hosts share a jump connection when the whole way to it is the same. */
function chainKey(p: ConnectParams): string {
  const hop = `${p.user}@${addressPort(p.address, p.port)}`;
  return p.via ? `${chainKey(p.via)} > ${hop}` : hop;
}
