// The raw gRPC baseline of bench/cluster.ts's object broadcast: the same bytes streamed from one
// process to others over loopback with plain @grpc/grpc-js (identity serialization, no store),
// in chunks of the same size and with the same HTTP/2 window as tsray's pulls.
//
//   node bench/raw-grpc-peer.mjs serve <bytes> <chunkBytes>          prints "port <n>"
//   node bench/raw-grpc-peer.mjs pull <host:port> <bytes> <window>   prints "ready"; then, per
//                                                                    "go" line on stdin, pulls
//                                                                    and prints "done <ms>"
import * as grpc from '@grpc/grpc-js';
import { createInterface } from 'node:readline';

const identity = (b) => b;
const method = { path: '/bench.Raw/Pull', requestStream: false, responseStream: true, requestSerialize: identity, requestDeserialize: identity, responseSerialize: identity, responseDeserialize: identity };
const service = { Pull: method };
const [mode, a, b, c] = process.argv.slice(2);

if (mode === 'serve') {
  const bytes = Number(a);
  const chunk = Number(b);
  const data = Buffer.allocUnsafe(bytes);
  for (let i = 0; i < bytes; i += 4096) data[i] = i & 0xff;
  const server = new grpc.Server({ 'grpc-node.max_session_memory': Number.MAX_SAFE_INTEGER });
  server.addService(service, {
    Pull: async (call) => {
      for (let off = 0; off < bytes && !call.cancelled; off += chunk) {
        if (!call.write(data.subarray(off, Math.min(bytes, off + chunk)))) await new Promise((r) => call.once('drain', r));
      }
      call.end();
    },
  });
  server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, port) => {
    if (err) throw err;
    console.log(`port ${port}`);
  });
} else if (mode === 'pull') {
  const bytes = Number(b);
  const Client = grpc.makeGenericClientConstructor(service, 'Raw');
  const client = new Client(a, grpc.credentials.createInsecure(), { 'grpc-node.flow_control_window': Number(c), 'grpc.max_receive_message_length': -1 });
  const target = Buffer.allocUnsafe(bytes);
  const pull = () => new Promise((resolve, reject) => {
    const t = performance.now();
    let off = 0;
    const call = client.Pull(Buffer.alloc(0));
    call.on('data', (m) => {
      m.copy(target, off);
      off += m.length;
    });
    call.on('error', reject);
    call.on('end', () => (off === bytes ? resolve(performance.now() - t) : reject(new Error(`got ${off} of ${bytes} bytes`))));
  });
  client.waitForReady(Date.now() + 10_000, (err) => {
    if (err) throw err;
    console.log('ready');
  });
  const lines = createInterface({ input: process.stdin });
  lines.on('line', (line) => {
    if (line !== 'go') return;
    pull().then((ms) => console.log(`done ${ms.toFixed(1)}`), (e) => console.log(`error ${e.message}`));
  });
  lines.on('close', () => process.exit(0));
} else {
  console.error('usage: raw-grpc-peer.mjs serve <bytes> <chunkBytes> | pull <host:port> <bytes> <window>');
  process.exit(2);
}
