/**
 * Bench instrumentation, preloaded into a provider host started with --expose-gc: a full garbage
 * collection every two seconds, so that RSS shows what is kept rather than what waits to be collected.
 */
const collect = (globalThis as { gc?: () => void }).gc;
if (collect) setInterval(collect, 2000).unref();
