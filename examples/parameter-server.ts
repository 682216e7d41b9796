/**
 * A parameter server: one named actor holds a model's weights; worker tasks find it by name,
 * pull the weights, compute an update on their slice of data, and push it back.
 *
 *   npm run build
 *   npx tsx examples/parameter-server.ts [workers=4] [rounds=20]
 *
 * Shows: actors (state that outlives calls), named actors found with `ray.getActor`, actor
 * handles used from inside tasks, and async actor methods.
 */
import * as ray from 'tsray';

const DIM = 1000;

// Actor classes, like remote functions, live at the module's top level so workers can find them.
export const ParameterServer = ray.actor(class ParameterServer {
  weights = new Float64Array(DIM);
  updates = 0;

  pull(): Float64Array {
    return this.weights;
  }

  push(gradient: Float64Array, lr: number): number {
    for (let i = 0; i < DIM; i++) this.weights[i]! -= lr * gradient[i]!;
    return ++this.updates;
  }
});

/** The target the model should learn: w[i] = sin(i). The loss is the squared distance to it. */
const target = (i: number): number => Math.sin(i);

/** One worker's round: pull, compute the gradient of its slice of coordinates, push. */
export const trainStep = ray.remote(async (worker: number, workers: number) => {
  // Tasks reach the server by name: no handle needs to be passed around.
  const ps = await ray.getActor<InstanceType<typeof ParameterServer.cls>>('parameter-server');
  const w = await ray.get(ps.pull.remote());
  const gradient = new Float64Array(DIM);
  for (let i = worker; i < DIM; i += workers) gradient[i] = 2 * (w[i]! - target(i));
  return ray.get(ps.push.remote(gradient, 0.1));
});

function loss(w: Float64Array): number {
  let s = 0;
  for (let i = 0; i < DIM; i++) s += (w[i]! - target(i)) ** 2;
  return s / DIM;
}

async function main(): Promise<void> {
  const workers = Number(process.argv[2] ?? 4);
  const rounds = Number(process.argv[3] ?? 20);
  await ray.init();
  try {
    const ps = ParameterServer.options({ name: 'parameter-server' }).remote();
    console.log(`round  0: loss ${loss(await ray.get(ps.pull.remote())).toFixed(4)}`);
    for (let r = 1; r <= rounds; r++) {
      await ray.get(Array.from({ length: workers }, (_, w) => trainStep.remote(w, workers)));
      if (r % 5 === 0 || r === rounds) console.log(`round ${String(r).padStart(2)}: loss ${loss(await ray.get(ps.pull.remote())).toFixed(4)}`);
    }
    console.log(`updates applied: ${await ray.get(ps.push.remote(new Float64Array(DIM), 0))}`);
  } finally {
    await ray.shutdown();
  }
}

if (!ray.isWorker()) await main();
