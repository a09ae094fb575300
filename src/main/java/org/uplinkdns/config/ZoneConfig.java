package org.uplinkdns.config;

import java.nio.file.Path;
import java.util.Map;
import org.xbill.DNS.Name;

/**
 * A zone served from an RFC 1035 file, with optional per-view replacement files.
 *
 * @param viewFiles view name to the file that view loads instead of {@code file}
 */
public record ZoneConfig(Name name, Path file, Map<String, Path> viewFiles, int line) {}
