/**
 * The plantable criteria's parameters and score maps, read from the criteria
 * themselves, for the simulator (datasets/simulate/plant.ts), which may not
 * import strategies/: the run layer joins the two.
 */
import type { PlantScoring } from '../../datasets/simulate/plant.ts';
import { advancingShareScore, breadthParticipation } from '../../strategies/breadth-participation.ts';
import { creditSpreads, spreadChangeScore } from '../../strategies/credit-spreads.ts';
import { volatilityCompression, volatilityFallScore } from '../../strategies/volatility-compression.ts';
import { curveScore, yieldCurve } from '../../strategies/yield-curve.ts';

const BREADTH = breadthParticipation.defaults;
const CREDIT = creditSpreads.defaults;
const VOL = volatilityCompression.defaults;
const CURVE = yieldCurve.defaults;

export const PLANT_SCORING: PlantScoring = {
  breadth: { window: BREADTH.window, score: (x) => advancingShareScore(x, BREADTH.steepness) },
  credit: { lookback: CREDIT.lookback, score: (c) => spreadChangeScore(c, CREDIT.steepness) },
  volatility: { maxLookback: VOL.maxLookback, score: (f) => volatilityFallScore(f, VOL.center, VOL.steepness) },
  curve: { lookback: CURVE.lookback, score: (m) => curveScore(m, m, CURVE) },
};
