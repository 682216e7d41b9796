// The raw baseline of bench/large-transfer.ts: a process that holds `bytes` bytes and writes
// them all to each connection it accepts on loopback. It prints "port N" once listening.
import { createServer } from 'node:net';

const bytes = Number(process.argv[2]);
if (!(bytes > 0)) {
  console.error('usage: node bench/raw-tcp-peer.mjs BYTES');
  process.exit(2);
}
const data = Buffer.alloc(bytes, 7);
const server = createServer((socket) => {
  socket.on('error', () => socket.destroy());
  socket.end(data);
});
server.listen(0, '127.0.0.1', () => console.log(`port ${server.address().port}`));
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
