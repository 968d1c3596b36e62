// The PeerJS server (npm package `peer`) as the benchmark runs it: loopback only, the default
// key "peerjs", path "/" (so the WebSocket endpoint is /peerjs), and a concurrent-client limit
// raised above the default 5,000 for the idle-connection runs. Nothing else is changed.
'use strict';
const { PeerServer } = require('peer');

const port = Number(process.env.PORT || 9000);
const server = PeerServer(
  {
    host: '127.0.0.1',
    port,
    path: '/',
    key: 'peerjs',
    concurrent_limit: Number(process.env.PEER_CONCURRENT_LIMIT || 100000),
  },
  () => console.log(`peer server listening on 127.0.0.1:${port} (node ${process.version}, pid ${process.pid})`),
);
server.on('error', (e) => console.error('peer server error:', e && e.message));
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(0));
// The benchmark's idle-connection run asks for a full collection before it reads RSS
// (node --expose-gc); without the flag the signal is ignored.
process.on('SIGUSR2', () => {
  if (typeof global.gc === 'function') global.gc();
});
