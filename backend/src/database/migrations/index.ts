import { InitialSchema1764316800000 } from './1764316800000-initial-schema.js';
import { IntakePipeline1764403200000 } from './1764403200000-intake-pipeline.js';

/** Every migration, oldest first. A committed migration is never edited: add a new one. */
export const migrations = [InitialSchema1764316800000, IntakePipeline1764403200000];
