/**
 * Small recorder interfaces the other packages call ({@link org.uplinkdns.metrics.ServerRecorder},
 * {@link org.uplinkdns.metrics.HealthRecorder}, {@link org.uplinkdns.metrics.StateRecorder}), their
 * Micrometer implementation ({@link org.uplinkdns.metrics.Meters}) and the read-only HTTP endpoint
 * ({@link org.uplinkdns.metrics.MetricsEndpoint}: {@code /metrics}, {@code /healthz}, {@code /readyz}).
 * Query-path meters are resolved once and cached in arrays; nothing is looked up by tag per query.
 * Label values are bounded: views, uplinks and probes come from the config, qtypes and rcodes from
 * fixed lists ({@code other} for the rest); never a query name or a client address.
 *
 * <h2>Metrics</h2>
 * <ul>
 *   <li>{@code uplinkdns_responses_total{view,protocol,qtype,rcode}}</li>
 *   <li>{@code uplinkdns_response_duration_seconds{protocol}} (histogram, 10 µs to 100 ms)</li>
 *   <li>{@code uplinkdns_truncated_responses_total{protocol}}</li>
 *   <li>{@code uplinkdns_dropped_packets_total{reason,protocol}}</li>
 *   <li>{@code uplinkdns_tcp_connections}, {@code uplinkdns_listeners_bound}</li>
 *   <li>{@code uplinkdns_rate_limited_responses_total{action}} (dropped, slipped), {@code uplinkdns_tcp_limited_total{reason}}</li>
 *   <li>{@code uplinkdns_uplink_state{uplink,state}} (1 for the current state of up/down/drained)</li>
 *   <li>{@code uplinkdns_uplink_address{uplink,address,family}} (info: 1 per current local address)</li>
 *   <li>{@code uplinkdns_uplink_transitions_total{uplink,from,to}}</li>
 *   <li>{@code uplinkdns_probe_duration_seconds{uplink,probe}}, {@code uplinkdns_probe_results_total{uplink,probe,result}}</li>
 *   <li>{@code uplinkdns_config_reloads_total{result}}, {@code uplinkdns_config_last_reload_success_timestamp_seconds}</li>
 *   <li>{@code uplinkdns_zone_serial{zone,view}}</li>
 *   <li>JVM: {@code jvm_memory_*}, {@code jvm_gc_*}, {@code jvm_threads_*}, {@code process_uptime_seconds}</li>
 * </ul>
 *
 * <h2>Config keys</h2>
 * {@code metrics.enabled} (default true), {@code metrics.address} (default 127.0.0.1),
 * {@code metrics.port} (default 9153).
 *
 * <p>May import {@code config} only.
 */
package org.uplinkdns.metrics;
