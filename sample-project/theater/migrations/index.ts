import { Initial1795303533951 } from './1795303533951-Initial';

/**
 * Every migration of the project, in order, for `startProject()` (`npm start`). The command line
 * (`npm run manage -- migrate`) finds them in this folder itself; add new ones to both.
 */
export const migrations: Function[] = [Initial1795303533951];
