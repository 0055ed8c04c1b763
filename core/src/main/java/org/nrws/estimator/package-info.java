/**
 * The gradient estimators of docs/math.md section 2: {@link org.nrws.estimator.WakeSleep},
 * {@link org.nrws.estimator.ReweightedWakeSleep} and {@link org.nrws.estimator.BidirectionalEstimator},
 * all driven by {@link org.nrws.estimator.AbstractEstimator}, which owns the wake and sleep passes.
 * Gradients are ascent directions in the [d, m] layout of {@link org.nrws.model.SigmoidLayer#theta()}.
 */
package org.nrws.estimator;
