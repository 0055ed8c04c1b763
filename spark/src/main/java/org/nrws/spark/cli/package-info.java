/**
 * The {@code nrws-spark} command line ({@code ./nrws spark ...} locally, {@code spark-submit} on a
 * cluster): {@code eval}, {@code train} and {@code sweep}.
 */
package org.nrws.spark.cli;
