package org.uplinkdns.delegation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The findings of one {@code check} run, as a table for people or JSON for scripts. */
public record CheckReport(String config, List<Finding> findings) {
    private static final int MAX_SUBJECT = 44;

    public CheckReport {
        findings = List.copyOf(findings);
    }

    /** 0 when everything agrees (warnings allowed), 1 when anything differs or failed. */
    public int exitCode() {
        return findings.stream().anyMatch(Finding::failed) ? 1 : 0;
    }

    public long count(Finding.Status status) {
        return findings.stream().filter(f -> f.status() == status).count();
    }

    /** An aligned table, a summary line, then the differences again, each with its fix. */
    public String table() {
        int area = width(4, findings.stream().map(Finding::area).toList());
        int subject = Math.min(MAX_SUBJECT, width(7, findings.stream().map(Finding::subject).toList()));
        int server = width(6, findings.stream().map(Finding::server).toList());
        String format = "%-9s  %-" + area + "s  %-" + subject + "s  %-" + server + "s  %s%n";
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, format, "STATUS", "AREA", "SUBJECT", "SERVER", "DETAIL"));
        for (Finding f : findings) {
            out.append(String.format(Locale.ROOT, format, f.status().name().toLowerCase(Locale.ROOT), f.area(),
                    f.subject(), f.server(), f.detail()));
        }
        out.append(String.format(Locale.ROOT, "%ncheck %s: %d ok, %d warning(s), %d different, %d error(s)%n", config,
                count(Finding.Status.OK), count(Finding.Status.WARNING), count(Finding.Status.DIFFERENT),
                count(Finding.Status.ERROR)));
        List<Finding> failed = findings.stream().filter(Finding::failed).toList();
        if (!failed.isEmpty()) {
            out.append("\nTo fix:\n");
            for (Finding f : failed) {
                out.append("  ").append(f.subject()).append(" at ").append(f.server()).append(": ").append(f.detail())
                        .append('\n');
            }
        }
        return out.toString();
    }

    public String json() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("config", config);
        root.put("result", exitCode() == 0 ? "agree" : "differ");
        root.put("exit", exitCode());
        Map<String, Long> counts = new LinkedHashMap<>();
        for (Finding.Status s : Finding.Status.values()) {
            counts.put(s.name().toLowerCase(Locale.ROOT), count(s));
        }
        root.put("counts", counts);
        List<Map<String, String>> list = new ArrayList<>();
        for (Finding f : findings) {
            Map<String, String> m = new LinkedHashMap<>();
            m.put("status", f.status().name().toLowerCase(Locale.ROOT));
            m.put("area", f.area());
            m.put("subject", f.subject());
            m.put("server", f.server());
            m.put("detail", f.detail());
            list.add(m);
        }
        root.put("findings", list);
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("maps of strings always serialize", e);
        }
    }

    private static int width(int min, List<String> values) {
        return Math.max(min, values.stream().mapToInt(String::length).max().orElse(0));
    }
}
