import type { Server } from 'node:http';
import { createAdaptorServer } from '@hono/node-server';

/** Serves a fetch handler on 127.0.0.1:port; a taken port is named, with what to do about it. */
export function listen(fetch: (request: Request) => Response | Promise<Response>, port: number): Promise<Server> {
  const server = createAdaptorServer({ fetch }) as Server;
  return new Promise((resolveServer, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new Error(`port ${port} is in use: is shenbao already running? (set PORT / SFN_PORT)`, { cause: error })
          : error,
      ),
    );
    server.listen(port, '127.0.0.1', () => resolveServer(server));
  });
}

export function close(server: Server): Promise<void> {
  return new Promise((resolveClose) => {
    server.close(() => resolveClose());
    server.closeAllConnections();
  });
}
