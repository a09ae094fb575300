package org.uplinkdns.answer;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** A response, parsed back the way a resolver reads it, with a compact text form for comparisons. */
record Reply(Response response, Message message) {

    static Reply of(Response r) {
        try {
            return new Reply(r, new Message(r.wire()));
        } catch (IOException e) {
            throw new AssertionError("the response does not parse", e);
        }
    }

    int size() {
        return response.wire().length;
    }

    boolean flag(int flag) {
        return message.getHeader().getFlag(flag);
    }

    /** Extended rcode included (BADVERS is 16). */
    int rcode() {
        return message.getRcode();
    }

    List<Record> section(int section) {
        return message.getSection(section).stream().filter(r -> r.getType() != Type.OPT).toList();
    }

    List<Record> answer() {
        return section(Section.ANSWER);
    }

    /**
     * The response as lines: {@code RCODE [aa] [tc]}, then {@code ANSWER}, {@code AUTHORITY} and
     * {@code ADDITIONAL} lines in master-file form, OPT left out.
     */
    String text() {
        List<String> lines = new ArrayList<>();
        String head = Rcode.string(rcode());
        if (flag(Flags.AA)) {
            head += " aa";
        }
        if (flag(Flags.TC)) {
            head += " tc";
        }
        lines.add(head);
        addLines(lines, "ANSWER", Section.ANSWER);
        addLines(lines, "AUTHORITY", Section.AUTHORITY);
        addLines(lines, "ADDITIONAL", Section.ADDITIONAL);
        return String.join("\n", lines) + "\n";
    }

    private void addLines(List<String> lines, String label, int section) {
        for (Record r : section(section)) {
            lines.add(label + " " + r.toString().replaceAll("\\s+", " ").strip());
        }
    }

    OPTRecord opt() {
        return message.getOPT();
    }
}
