package org.uplinkdns.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The config file as bound by Jackson, before validation. Public fields keep the binding obvious;
 * nothing outside this package sees these classes.
 */
final class RawConfig extends Located {
    public Scalar port;
    public List<Uplink> uplinks = new ArrayList<>();
    public List<Scalar> listen = new ArrayList<>();
    public List<Zone> zones = new ArrayList<>();
    public List<Self> self = new ArrayList<>();
    public Tcp tcp;
    public Rrl rrl;
    public Transfer transfer;
    public Chaos chaos;

    static final class Uplink extends Located {
        public Scalar name;
        public Scalar address;
        @JsonProperty("interface")
        public Scalar interfaceName;
        @JsonProperty("public")
        public List<Scalar> publicAddresses = new ArrayList<>();
    }

    static final class Zone extends Located {
        public Scalar name;
        public Scalar file;
        public Map<String, Scalar> views = new LinkedHashMap<>();
    }

    static final class Self extends Located {
        public Scalar name;
        public List<Scalar> types;
        public Scalar ttl;
    }

    static final class Tcp extends Located {
        public Scalar idleTimeout;
        public Scalar readTimeout;
        public Scalar maxConnections;
        public Scalar maxConnectionsPerClient;
        public Scalar maxQueriesPerConnection;
    }

    static final class Rrl extends Located {
        public Scalar enabled;
        public Scalar responsesPerSecond;
        public Scalar errorsPerSecond;
        public Scalar window;
        public Scalar slip;
        @JsonProperty("ipv4-prefix-length")
        public Scalar ipv4PrefixLength;
        @JsonProperty("ipv6-prefix-length")
        public Scalar ipv6PrefixLength;
        public Scalar tableSize;
        public List<Scalar> exempt = new ArrayList<>();
    }

    static final class Transfer extends Located {
        public List<Scalar> allow = new ArrayList<>();
    }

    static final class Chaos extends Located {
        public Scalar version;
        public Scalar hostname;
    }
}
