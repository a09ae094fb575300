/**
 * The local control socket: {@code status}, {@code reload}, {@code uplink drain NAME} and
 * {@code uplink undrain NAME}, as {@code knotc} talks to {@code knotd}.
 *
 * <p>A Unix domain socket, mode 0660, so only the service's user and group can change anything;
 * the metrics port stays read-only. One request per connection: a single line of words; the reply
 * is {@code ok} or {@code error} on the first line, then the text to show the operator.
 *
 * <p>The server calls {@link org.uplinkdns.control.ControlActions}, which the wiring implements;
 * this package knows nothing of how a reload or a drain is done. Imports nothing of the project.
 *
 * <h2>Config keys</h2>
 * {@code control.socket} (default {@code /run/uplinkdns/control.sock}, relative to the config
 * file's directory when not absolute) and {@code control.enabled} (default {@code true}).
 */
package org.uplinkdns.control;
