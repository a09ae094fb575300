package org.uplinkdns.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.uplinkdns.metrics.MetricsEndpoint;
import org.xbill.DNS.Type;

/**
 * What Prometheus sees of a running server: answered queries by view, qtype and rcode, uplink
 * states and addresses, zone serials, reload results, and the health and readiness endpoints.
 */
class MetricsEndpointTest {
    @TempDir
    Path dir;
    ServerRuntime runtime;
    MetricsEndpoint endpoint;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private static final String ZONE = """
            $ORIGIN www.example.net.
            @ 3600 IN SOA ns1.example.net. hostmaster.example.net. 42 7200 3600 864000 60
              3600 IN NS  ns1.example.net.
            """;

    @BeforeEach
    void start() throws Exception {
        Files.writeString(dir.resolve("www.zone"), ZONE);
        Files.writeString(dir.resolve("uplinkdns.yaml"), """
                port: 0
                uplinks:
                  - name: isp1
                    address: 127.0.0.2
                  - name: isp2
                    address: 127.0.0.3
                listen: [127.0.0.1]
                zones:
                  - name: www.example.net
                    file: www.zone
                self:
                  - name: www.example.net
                    types: [A]
                metrics:
                  port: 0
                """);
        runtime = ServerRuntime.start(dir.resolve("uplinkdns.yaml"), 1);
        endpoint = MetricsEndpoint.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), runtime.meters(),
                runtime::readiness);
    }

    @AfterEach
    void stop() {
        endpoint.close();
        runtime.close();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + endpoint.port() + path))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private void query(String address, String name, int type) throws Exception {
        LoopbackDns.ask(runtime, address, name, type);
    }

    private static double value(String scrape, String series) {
        Matcher m = Pattern.compile("^" + Pattern.quote(series) + " (\\S+)$", Pattern.MULTILINE).matcher(scrape);
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }

    @Test
    void answeredQueriesAreCountedByViewProtocolQtypeAndRcode() throws Exception {
        query("127.0.0.2", "www.example.net.", Type.A);
        query("127.0.0.2", "www.example.net.", Type.A);
        query("127.0.0.3", "nosuch.www.example.net.", Type.A);
        query("127.0.0.1", "example.org.", Type.MX);
        String scrape = get("/metrics").body();
        assertEquals(2.0, value(scrape,
                "uplinkdns_responses_total{protocol=\"udp\",qtype=\"A\",rcode=\"NOERROR\",view=\"isp1\"}"), scrape);
        assertEquals(1.0, value(scrape,
                "uplinkdns_responses_total{protocol=\"udp\",qtype=\"A\",rcode=\"NXDOMAIN\",view=\"isp2\"}"));
        assertEquals(1.0, value(scrape,
                "uplinkdns_responses_total{protocol=\"udp\",qtype=\"MX\",rcode=\"REFUSED\",view=\"internal\"}"));
        assertTrue(scrape.contains("uplinkdns_response_duration_seconds_bucket{protocol=\"udp\""), "latency histogram");
        assertTrue(scrape.contains("jvm_memory_used_bytes"), "JVM metrics");
    }

    @Test
    void uplinkStatesAddressesListenersAndZoneSerialsAreExported() throws Exception {
        String scrape = get("/metrics").body();
        assertEquals(1.0, value(scrape, "uplinkdns_uplink_state{state=\"up\",uplink=\"isp1\"}"), scrape);
        assertEquals(0.0, value(scrape, "uplinkdns_uplink_state{state=\"down\",uplink=\"isp2\"}"));
        assertEquals(1.0, value(scrape, "uplinkdns_uplink_address{address=\"127.0.0.3\",family=\"ipv4\",uplink=\"isp2\"}"), scrape);
        assertEquals(42.0, value(scrape, "uplinkdns_zone_serial{view=\"isp1\",zone=\"www.example.net.\"}"));
        assertEquals(3.0, value(scrape, "uplinkdns_listeners_bound"));
        runtime.health().drain("isp1");
        scrape = get("/metrics").body();
        assertEquals(1.0, value(scrape, "uplinkdns_uplink_state{state=\"drained\",uplink=\"isp1\"}"), scrape);
    }

    @Test
    void reloadsAreCountedByResult() throws Exception {
        Files.writeString(dir.resolve("www.zone"), ZONE.replace(" 42 ", " 43 "));
        assertTrue(runtime.reload().isEmpty());
        Files.writeString(dir.resolve("www.zone"), ZONE + "broken line here\n");
        assertTrue(!runtime.reload().isEmpty());
        String scrape = get("/metrics").body();
        assertEquals(1.0, value(scrape, "uplinkdns_config_reloads_total{result=\"success\"}"), scrape);
        assertEquals(1.0, value(scrape, "uplinkdns_config_reloads_total{result=\"failure\"}"));
        assertEquals(43.0, value(scrape, "uplinkdns_zone_serial{view=\"isp1\",zone=\"www.example.net.\"}"),
                "the failed reload left the good serial in place");
    }

    @Test
    void healthzAndReadyzAnswerAndNothingCanBeChangedOverHttp() throws Exception {
        assertEquals(200, get("/healthz").statusCode());
        HttpResponse<String> ready = get("/readyz");
        assertEquals(200, ready.statusCode());
        assertTrue(ready.body().startsWith("ready\n") && ready.body().contains("listener 127.0.0.2 bound"), ready.body());
        HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + endpoint.port() + "/metrics"))
                .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(405, post.statusCode());
    }
}
