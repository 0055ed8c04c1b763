/** Rules over core's packages: no cycles, one-way layers (see {@code docs/architecture.md}). */
package org.nrws.architecture;
