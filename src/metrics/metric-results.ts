// One metric's result as summary.json holds it: a distribution's statistics, a single value, or a count of one error.
import type { ErrorType } from '../client/request-record.js';
import type { Unit } from './catalog.js';
import type { DistributionStats } from './histogram.js';

export interface DistributionResult {
  readonly unit: Unit;
  readonly stats: DistributionStats;
}

export interface ValueResult {
  readonly unit: Unit;
  readonly value: number;
}

export interface ErrorCount {
  readonly code: number | null;
  readonly type: ErrorType;
  readonly message: string;
  readonly count: number;
}
