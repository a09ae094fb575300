package org.uplinkdns.config;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Tells a text file from binary data (a wrong file, a bad copy, disk trouble) before a parser
 * does, so the operator reads "not a text file" and the line, not a decoder's exception.
 */
public final class TextCheck {
    private TextCheck() {}

    /** The problem with the first byte that cannot be UTF-8 text (a NUL or an invalid sequence), or null. */
    public static ConfigProblem firstNonText(Path file, byte[] bytes) {
        return check(file, bytes, true);
    }

    /**
     * The problem with the first control character (NUL and the like; tab, CR, LF and FF are
     * text), or null. Zone files get only this check: old ones may hold Latin-1 in comments.
     */
    public static ConfigProblem firstControlCharacter(Path file, byte[] bytes) {
        return check(file, bytes, false);
    }

    private static ConfigProblem check(Path file, byte[] bytes, boolean utf8) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(4096);
        int bad = -1;
        while (utf8) {
            CoderResult r = decoder.decode(in, out, true);
            if (r.isError()) {
                bad = in.position();
                break;
            }
            if (r.isUnderflow()) {
                break;
            }
            out.clear();
        }
        for (int i = 0; i < bytes.length && (bad < 0 || i < bad); i++) {
            int b = bytes[i] & 0xff;
            if (b < 0x20 && b != '\t' && b != '\n' && b != '\r' && b != '\f' || b == 0x7f) {
                bad = i;
                break;
            }
        }
        if (bad < 0) {
            return null;
        }
        int line = 1;
        for (int i = 0; i < bad; i++) {
            if (bytes[i] == '\n') {
                line++;
            }
        }
        return new ConfigProblem(file, line, String.format("not a text file: byte 0x%02x at offset %d is not %s"
                + " (is this the right file?)", bytes[bad] & 0xff, bad, utf8 ? "UTF-8 text" : "text"));
    }
}
