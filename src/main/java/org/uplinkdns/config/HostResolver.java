package org.uplinkdns.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Turns a probe target's host name into an address when the config is loaded. The system
 * resolver can hang far longer than a reload should, so every lookup is bounded.
 */
@FunctionalInterface
interface HostResolver {
    /** How long one name may take to resolve before the config is rejected. */
    Duration TIMEOUT = Duration.ofSeconds(2);

    /** The addresses of {@code host}, preferred first; throws when there are none. */
    InetAddress[] resolve(String host) throws UnknownHostException;

    /** The system resolver, given up on after {@code timeout}. */
    static HostResolver system(Duration timeout) {
        return bounded(timeout, InetAddress::getAllByName);
    }

    /** {@code lookup} run on a daemon thread and given up on after {@code timeout}. */
    static HostResolver bounded(Duration timeout, HostResolver lookup) {
        return host -> {
            CompletableFuture<InetAddress[]> result = new CompletableFuture<>();
            Thread t = new Thread(() -> {
                try {
                    result.complete(lookup.resolve(host));
                } catch (Throwable e) {
                    result.completeExceptionally(e);
                }
            }, "config-resolve");
            t.setDaemon(true);
            t.start();
            try {
                return result.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                throw new UnknownHostException("no answer within " + Durations.format(timeout));
            } catch (ExecutionException e) {
                throw new UnknownHostException(e.getCause() instanceof UnknownHostException
                        ? "unknown host" : String.valueOf(e.getCause().getMessage()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new UnknownHostException("interrupted");
            }
        };
    }
}
