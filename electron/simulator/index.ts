export { startSimulator } from './server';
export type { Simulator } from './server';
export type { FaultRule } from './faults';
