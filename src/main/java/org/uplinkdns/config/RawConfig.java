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
    public Mail mail;
    public HealthDefaults health;
    public Control control;
    public Metrics metrics;
    public Log log;

    static final class Log extends Located {
        public Scalar queries;
    }

    static final class Metrics extends Located {
        public Scalar enabled;
        public Scalar address;
        public Scalar port;
    }

    static final class Control extends Located {
        public Scalar enabled;
        public Scalar socket;
    }
    public List<View> views = new ArrayList<>();
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
        public Health health;
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

    static final class View extends Located {
        public Scalar name;
        public List<Scalar> matchClients = new ArrayList<>();
        public List<Scalar> matchDestinations = new ArrayList<>();
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

    static final class Mail extends Located {
        public Scalar domain;
        public Scalar gateway;
        public Scalar preference;
        public Scalar step;
        public Scalar ttl;
        public List<ExtraMx> extraMx = new ArrayList<>();
        public Spf spf;
    }

    static final class ExtraMx extends Located {
        public Scalar target;
        public Scalar preference;
    }

    static final class Spf extends Located {
        public Scalar enabled;
        public List<Scalar> mechanisms = new ArrayList<>();
        public Scalar all;
    }

    /** Health settings of one uplink; the top-level section adds {@code policy}. */
    static class Health extends Located {
        public Scalar rise;
        public Scalar fall;
        public Scalar interval;
        public Scalar timeout;
        public Scalar quorum;
        public Scalar count;
        public Scalar failOpen;
        public List<Probe> probes;
    }

    static final class HealthDefaults extends Health {
        public Policy policy;
    }

    static final class Policy extends Located {
        public Scalar selfOnDead;
        public Scalar degradedTtl;
    }

    static final class Probe extends Located {
        public Scalar kind;
        public Scalar name;
        public List<Scalar> targets;
        public Scalar quorum;
        public Scalar count;
        public Scalar interval;
        public Scalar timeout;
        public Scalar port;
        public Scalar query;
        public Scalar type;
        public Scalar path;
        public Scalar host;
        public Scalar status;
        public List<Scalar> command;
    }
}
