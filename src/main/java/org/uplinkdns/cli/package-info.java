/**
 * The command line ({@code serve}, {@code validate}, {@code plan}, {@code check}) and the wiring
 * of the other packages.
 *
 * <p>May import every package.
 */
package org.uplinkdns.cli;
