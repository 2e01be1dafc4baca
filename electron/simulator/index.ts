export { startSimulator } from './server';
export type { Simulator, SimulatorOptions, SimulatorAuth, Truth, RequestLogEntry } from './server';
export type { FaultRule, FaultKind, ActiveFault } from './faults';
export type { EntityName } from './records';
