/**
 * NRWS engine: Helmholtz machines (sigmoid belief networks p and q) trained by Wake-Sleep,
 * Reweighted Wake-Sleep, Bidirectional Helmholtz Machines and their exact natural-gradient
 * versions NWS, NRWS and NBiHM. The mathematics is that of {@code docs/math.md}; each package
 * holds one part of it:
 * <ul>
 *   <li>{@link org.nrws.model}: the model (docs/math.md section 1);</li>
 *   <li>{@link org.nrws.estimator}: the gradient estimators (section 2);</li>
 *   <li>{@link org.nrws.train}: the training loop, the preconditioner hook and the natural-gradient
 *       preconditioner (section 4);</li>
 *   <li>{@link org.nrws.solver}: the exact per-neuron Fisher systems and their damped solve, one path
 *       rule, the fused and tensor solvers and the memory check (see {@code docs/architecture.md});</li>
 *   <li>{@link org.nrws.backend}: which backend runs and how much memory it has (below the solvers);</li>
 *   <li>{@link org.nrws.linalg}: batched Cholesky factorisation (LAPACK on the CPU, pure Java as reference);</li>
 *   <li>{@link org.nrws.optim}: first-order optimisers;</li>
 *   <li>{@link org.nrws.eval}: likelihood evaluation (section 5; the exact oracles are in the test-jar);</li>
 *   <li>{@link org.nrws.random}: the single seeded source of randomness of a run;</li>
 *   <li>{@link org.nrws.data}: binary data sets and minibatch sources.</li>
 * </ul>
 * Units take values in {0,1} (the reference code uses ±1; the two are equivalent up to a
 * reparametrisation).
 */
package org.nrws;
