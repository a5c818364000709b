/**
 * The statistics layer's public functions in one import, for callers that
 * need several (report fixtures, tests). Each lives in the module named after
 * its concept; engine code imports those modules directly.
 */
export { checkSameLength, isPositiveLabel, ratio } from './conventions.ts';
export { mean, median, quantile, smallSampleFlag } from './descriptive.ts';
export { normalCdf, normalQuantile } from './normal.ts';
export { deriveSeed, makeRng, SeededStream } from './random.ts';
export { brier, calibrationBins, classificationMetrics, confusion } from './metrics.ts';
export type { CalibrationBin, ClassificationMetrics, Confusion } from './metrics.ts';
export { prAuc, rocAuc, rocCurve } from './auc.ts';
export type { RocCurve } from './auc.ts';
export { bootstrapAuc, bootstrapInterval } from './resample.ts';
export type { BootstrapOptions, Interval } from './resample.ts';
export { permutationPValue } from './permutation.ts';
export type { PermutationOptions } from './permutation.ts';
export { benjaminiHochberg } from './multiple.ts';
