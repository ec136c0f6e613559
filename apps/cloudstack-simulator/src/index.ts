export * from './start-simulator';
export * from './simulator-options';
export * from './simulator.module';
export * from './catalogue/stable-uuid';
export * from './catalogue/simulator-catalogue';
export * from './faults/simulator-faults';
