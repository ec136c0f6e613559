export * from './wait-condition-signaled';
