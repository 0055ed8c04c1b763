/**
 * Run-time backend selection and memory budgets.
 *
 * <ul>
 *   <li>{@link org.nrws.backend.BackendSelector} finds the
 *       {@link org.nrws.linalg.BatchedCholeskyProvider} that matches the active ND4J backend
 *       (through {@link java.util.ServiceLoader}), honours the override {@code --backend
 *       cpu|cuda|auto} and the environment variable {@code NRWS_BACKEND} (the command line wins)
 *       and returns a {@link org.nrws.backend.BackendSelection} naming the chosen backend, for
 *       start-up logs, results and checkpoints.</li>
 *   <li>{@link org.nrws.backend.Nd4jBackendEnvironment} says which environment variables force ND4J
 *       onto a backend. ND4J 1.0.0-M2.1 chooses its backend once, when its classes initialise, from
 *       the environment variables {@code BACKEND_PRIORITY_CPU} / {@code BACKEND_PRIORITY_GPU};
 *       there is no system property for this, so {@code cpu} on a machine with both backends needs
 *       {@code BACKEND_PRIORITY_CPU=200} in the JVM's environment (a launcher can relaunch itself).</li>
 *   <li>{@link org.nrws.backend.MemoryBudget} computes the bytes a layer's primal or dual Fisher
 *       system needs and fails early, with a clear message, when the device (or the JavaCPP
 *       off-heap limit on the CPU) cannot hold them.</li>
 * </ul>
 */
package org.nrws.backend;
