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
    public List<View> views = new ArrayList<>();

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

    static final class View extends Located {
        public Scalar name;
        public List<Scalar> matchClients = new ArrayList<>();
        public List<Scalar> matchDestinations = new ArrayList<>();
    }

    static final class Tcp extends Located {
        public Scalar idleTimeout;
    }
}
