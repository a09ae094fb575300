package org.uplinkdns.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The read-only HTTP endpoint: {@code /metrics} (Prometheus text format), {@code /healthz}
 * (the process is alive) and {@code /readyz} (zones loaded and every existing listener address
 * bound). Anything but GET and HEAD gets 405: nothing here changes the server.
 */
public final class MetricsEndpoint implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MetricsEndpoint.class);

    /** Whether the server is ready, and a human-readable body saying why (not). */
    public record Readiness(boolean ready, String body) {}

    private final HttpServer http;
    private final ExecutorService executor;

    private MetricsEndpoint(HttpServer http, ExecutorService executor) {
        this.http = http;
        this.executor = executor;
    }

    public static MetricsEndpoint start(InetSocketAddress address, Meters meters, Supplier<Readiness> readiness)
            throws IOException {
        HttpServer http;
        try {
            http = HttpServer.create(address, 16);
        } catch (IOException e) {
            throw new IOException("cannot open the metrics endpoint on " + address.getAddress().getHostAddress() + ":"
                    + address.getPort() + ": " + e.getMessage(), e);
        }
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "uplinkdns-metrics");
            t.setDaemon(true);
            return t;
        });
        http.setExecutor(executor);
        http.createContext("/metrics", ex -> respond(ex, 200, "text/plain; version=0.0.4; charset=utf-8", meters::scrape));
        http.createContext("/healthz", ex -> respond(ex, 200, "text/plain; charset=utf-8", () -> "ok\n"));
        http.createContext("/readyz", ex -> {
            Readiness r = readiness.get();
            respond(ex, r.ready() ? 200 : 503, "text/plain; charset=utf-8", r::body);
        });
        http.createContext("/", ex -> respond(ex, 404, "text/plain; charset=utf-8",
                () -> "not found: try /metrics, /healthz or /readyz\n"));
        http.start();
        log.info("event=metrics_listen address={} port={}", address.getAddress().getHostAddress(), http.getAddress().getPort());
        return new MetricsEndpoint(http, executor);
    }

    /** The port actually bound (differs from the configured one only when that is 0). */
    public int port() {
        return http.getAddress().getPort();
    }

    private static void respond(HttpExchange ex, int status, String type, Supplier<String> body) throws IOException {
        try (ex) {
            String method = ex.getRequestMethod();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                ex.getResponseHeaders().set("Allow", "GET, HEAD");
                ex.sendResponseHeaders(405, -1);
                return;
            }
            byte[] bytes = body.get().getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", type);
            if (method.equals("HEAD")) {
                ex.sendResponseHeaders(status, -1);
                return;
            }
            ex.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        http.stop(0);
        executor.shutdownNow();
    }
}
