/**
 * What the solvers stand on: the backend a user asks for ({@link BackendChoice}), ND4J's active
 * backend ({@link ActiveBackend}), the environment variables that force ND4J onto one
 * ({@link Nd4jBackendEnvironment}), and the memory probes ({@link MemoryProbe}, {@link HostMemory})
 * with the failure they lead to ({@link InsufficientMemoryException}). The one selector of
 * {@code --backend} and the memory check live above, in {@code org.nrws.solver}; see
 * {@code docs/architecture.md}.
 */
package org.nrws.backend;
