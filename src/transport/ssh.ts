// The SSH transport on ssh2: one connection per host, kept open; each command is an exec
// channel on it (many at once), files go over one lazily opened SFTP session (ssh-connection.ts).
import type { Duplex } from 'node:stream';
import { TransportError, addressPort, type ConnectParams, type Connector } from './connection.js';
import { SshConnection } from './ssh-connection.js';
import { connectFailure } from './ssh-failures.js';
import { Tunnels, type SshClient } from './ssh-jump.js';
import { sshSetup } from './ssh-params.js';
import { HandshakePacer } from './ssh-pacing.js';
import { loadSsh2 } from './ssh2-lazy.js';

/** A connector whose hosts behind the same jump host share one connection to it. */
export function sshTransport(): Connector {
  const tunnels = new Tunnels(openClient);
  // Set-up is paced (ssh-pacing.ts); the login's connect timeout starts with the handshake.
  const pacer = new HandshakePacer();
  return async (params) => {
    if (!params.via) return new SshConnection(await pacer.run(serverOf(params), () => openClient(params)), params);
    const tunnel = await tunnels.open(params);
    try {
      return new SshConnection(
        await pacer.run(serverOf(params), () => openClient(params, tunnel.stream)),
        params,
        tunnel,
      );
    } catch (err) {
      tunnel.release();
      throw tunnel.lostReason() ? new TransportError(params.host, tunnel.lostReason()!) : err;
    }
  };
}

/** The sshd a connection's handshake lands on: its address and port, seen from its jump hosts. */
function serverOf(params: ConnectParams): string {
  const hops: string[] = [];
  for (let p: ConnectParams | undefined = params; p; p = p.via) hops.unshift(addressPort(p.address, p.port));
  return hops.join(' > ');
}

/** One connection, with a jump host of its own when `params.via` names one. */
export const connectSsh: Connector = (params) => sshTransport()(params);

/** An ssh2 client logged in to `params`, over `sock` (a channel through a jump host) or TCP. */
async function openClient(params: ConnectParams, sock?: Duplex): Promise<SshClient> {
  const { config, hostKeyRefusal, tried } = await sshSetup(params, sock);
  const client = new (loadSsh2().Client)();
  return new Promise<SshClient>((resolve, reject) => {
    let settled = false;
    const fail = (err: Error | undefined): void => {
      if (settled) return;
      settled = true;
      client.destroy();
      reject(new TransportError(params.host, hostKeyRefusal() ?? connectFailure(params, err, tried)));
    };
    client.once('ready', () => {
      settled = true;
      resolve(client);
    });
    // `on`, not `once`: ssh2 may emit a second error (e.g. "Connection lost before
    // handshake" after a timeout), and an 'error' nobody listens to would crash runbook.
    client.on('error', fail);
    client.once('close', () => fail(undefined));
    try {
      client.connect(config);
      // Small request/response packets: without this, Nagle's algorithm meets the
      // server's delayed ACK and most round trips cost 40 ms.
      if (!sock) client.setNoDelay(true);
    } catch (err) {
      fail(err as Error);
    }
  });
}
