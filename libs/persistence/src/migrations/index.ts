import { InitialSchema1764072000000 } from './1764072000000-initial-schema';
import { PlannerIncrementalProgress1764158400000 } from './1764158400000-planner-incremental-progress';

/** Every migration in order; new ones are appended here. */
export const MIGRATIONS = [InitialSchema1764072000000, PlannerIncrementalProgress1764158400000];
