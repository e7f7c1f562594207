import { startTracing } from './tracing';

/** Imported first by main.ts: the instrumentations must patch http, express and pg before anything loads them. */
export const tracing = startTracing();
