package org.uplinkdns.config;

import java.nio.file.Path;

/** One problem in an input file, printed as {@code file:line: message}. */
public record ConfigProblem(Path file, int line, String message) {

    @Override
    public String toString() {
        return (line > 0 ? file + ":" + line : file.toString()) + ": " + message;
    }
}
