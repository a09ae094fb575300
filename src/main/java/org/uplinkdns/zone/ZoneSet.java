package org.uplinkdns.zone;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.uplinkdns.config.ConfigException;
import org.uplinkdns.config.ConfigProblem;
import org.uplinkdns.config.ZoneConfig;
import org.xbill.DNS.Name;

/**
 * Every zone file of a config, loaded: the shared data of each zone and the replacement data
 * some views load instead. Immutable; a reload loads a new set before anything is swapped.
 */
public final class ZoneSet {
    private final Map<Name, ZoneData> base;
    private final Map<String, Map<Name, ZoneData>> overrides;

    private ZoneSet(Map<Name, ZoneData> base, Map<String, Map<Name, ZoneData>> overrides) {
        this.base = base;
        this.overrides = overrides;
    }

    /** Loads every file; fails with the problems of all files, not only the first bad one. */
    public static ZoneSet load(List<ZoneConfig> zones) throws ConfigException {
        List<ConfigProblem> problems = new ArrayList<>();
        Map<Name, ZoneData> base = new LinkedHashMap<>();
        Map<String, Map<Name, ZoneData>> overrides = new HashMap<>();
        Map<Path, ZoneData> byFile = new HashMap<>();
        for (ZoneConfig z : zones) {
            ZoneData data = loadInto(z.name(), z.file(), byFile, problems);
            if (data != null) {
                base.put(z.name(), data);
            }
            for (Map.Entry<String, Path> v : z.viewFiles().entrySet()) {
                ZoneData viewData = loadInto(z.name(), v.getValue(), byFile, problems);
                if (viewData != null) {
                    overrides.computeIfAbsent(v.getKey(), k -> new LinkedHashMap<>()).put(z.name(), viewData);
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        Map<String, Map<Name, ZoneData>> frozen = new HashMap<>();
        overrides.forEach((k, v) -> frozen.put(k, Map.copyOf(v)));
        return new ZoneSet(Map.copyOf(base), Map.copyOf(frozen));
    }

    private static ZoneData loadInto(Name origin, Path file, Map<Path, ZoneData> byFile, List<ConfigProblem> problems) {
        ZoneData cached = byFile.get(file);
        if (cached != null && cached.origin().equals(origin)) {
            return cached;
        }
        try {
            ZoneData data = ZoneLoader.load(origin, file);
            byFile.put(file, data);
            return data;
        } catch (ConfigException e) {
            problems.addAll(e.problems());
            return null;
        }
    }

    /** The zones as {@code view} sees them: the shared data, with that view's replacement files. */
    public Map<Name, ZoneData> forView(String view) {
        Map<Name, ZoneData> own = overrides.get(view);
        if (own == null) {
            return base;
        }
        Map<Name, ZoneData> merged = new HashMap<>(base);
        merged.putAll(own);
        return merged;
    }

    public Map<Name, ZoneData> base() {
        return base;
    }

    /** The replacement data of {@code view} for {@code zone}, or null when it uses the shared data. */
    public ZoneData override(String view, Name zone) {
        Map<Name, ZoneData> own = overrides.get(view);
        return own == null ? null : own.get(zone);
    }
}
