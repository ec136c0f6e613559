export * from './catalogue/simulator-catalogue';
export * from './catalogue/stable-uuid';
export * from './faults/simulator-faults';
export * from './simulator.module';
export * from './simulator-options';
export * from './start-simulator';
