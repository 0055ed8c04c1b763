/**
 * A trained model leaves the engine and comes back: every parameter of p and q as NumPy
 * {@code .npy} arrays in one {@code .npz} archive with a {@code meta.json} entry (layer sizes,
 * unit convention, clipping, data type, algorithm, data protocol, engine version); the layout is
 * documented in {@code docs/export.md}. {@link org.nrws.app.export.ModelFile} writes and reads
 * such files (validating names, shapes, data types, finiteness and the unit convention),
 * {@link org.nrws.app.export.ModelLayout} maps a {@link org.nrws.model.HelmholtzMachine} to its
 * named arrays and back, {@link org.nrws.app.export.NpyArrays} encodes and decodes single arrays
 * with ND4J's own NumPy writer and reader (guarded where they are wrong), and
 * {@link org.nrws.app.export.NpzArchive} is the zip container. Depends only on core's model
 * (and its atomic file writes).
 */
package org.nrws.app.export;
