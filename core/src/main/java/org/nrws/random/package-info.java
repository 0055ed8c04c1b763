/** The seeded, counter-based source of all randomness of a run. */
package org.nrws.random;
