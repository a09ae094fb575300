/**
 * Reads the YAML config file into immutable, validated records.
 *
 * <p>Every problem found carries the file and line it comes from ({@link ConfigProblem}); the
 * loader collects all of them before failing, so an operator fixes a file in one pass. Binding
 * is done by Jackson into raw classes ({@code RawConfig}) whose positions are recorded while
 * parsing; validation turns them into the records the rest of the server reads.
 *
 * <p>Depends on nothing else in the project.
 *
 * <h2>Keys</h2>
 * See the config reference in {@code README.md}; the loader rejects unknown keys.
 */
package org.uplinkdns.config;
