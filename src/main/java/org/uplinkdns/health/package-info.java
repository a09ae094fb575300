/**
 * Health checks: probes sent through each uplink, the rise/fall state machine, the schedule, and
 * the manual drain. The result is the {@link org.uplinkdns.uplink.Health} of every uplink, handed
 * to a {@link org.uplinkdns.health.HealthPublisher} that swaps it into the snapshot; answers change
 * in {@code view}, never here.
 *
 * <p>May import {@code uplink}, {@code config}, {@code metrics}.
 *
 * <h2>Probes</h2>
 * Every network probe is sent <em>through its uplink</em>: its socket is bound to the uplink's
 * current local address of the target's family, and the gateway's source policy routing
 * ({@code ip rule from <address> lookup <table>}) sends it out of that link. Java cannot set
 * {@code SO_BINDTODEVICE}, so without those rules a probe may leave by the main default route and
 * succeed over the other link; {@code plan} prints the rules. Kinds:
 * <table>
 * <caption>probe kinds</caption>
 * <tr><th>kind</th><th>good when</th></tr>
 * <tr><td>{@code link}</td><td>{@code /sys/class/net/<if>/carrier} is 1 and {@code operstate} is up (or unknown,
 *     as on loopback and tunnels); {@code <if>} is the configured interface or the one holding the address</td></tr>
 * <tr><td>{@code icmp}</td><td>at least one of {@code count} echoes is answered; runs iputils
 *     {@code ping -I <source> -c <count> -i <gap> -W <timeout>} and counts its reply lines. ping works
 *     unprivileged where {@code net.ipv4.ping_group_range} admits the service's group (ICMP datagram
 *     sockets) and otherwise needs CAP_NET_RAW (Debian installs ping with that file capability).
 *     {@code InetAddress.isReachable} is not used: unprivileged, it silently tries TCP port 7.</td></tr>
 * <tr><td>{@code tcp}</td><td>a connection from the source address completes</td></tr>
 * <tr><td>{@code dns}</td><td>a query (dnsjava, from the source address) gets NOERROR with an answer</td></tr>
 * <tr><td>{@code http}</td><td>{@code GET} over a plain HTTP/1.1 socket from the source address returns the
 *     expected status ({@code java.net.http} cannot bind a source address; no TLS)</td></tr>
 * <tr><td>{@code exec}</td><td>the command exits 0 within the timeout; it gets {@code UPLINK_NAME},
 *     {@code UPLINK_INTERFACE} and {@code UPLINK_ADDRESS}; it is killed (with its children) at the
 *     timeout; its output is read and discarded past 4 KiB</td></tr>
 * </table>
 * A network probe passes when at least {@code quorum} of its targets answer. {@code tcp},
 * {@code dns} and {@code http} start up to {@code count} tries per target, staggered by
 * timeout/(count+1), until one succeeds, so one lost packet does not fail a round. A round is good
 * when every probe passes; a probe with a longer {@code interval} than its uplink's rounds
 * contributes its latest result to the rounds in between.
 *
 * <h2>States</h2>
 * One state machine per uplink ({@link org.uplinkdns.health.UplinkState}); "round" is one run of
 * the uplink's probes, good when all pass. The health column is what answers see.
 * <table>
 * <caption>uplink states and transitions</caption>
 * <tr><th>#</th><th>state</th><th>event</th><th>next state</th><th>health</th></tr>
 * <tr><td>1</td><td>unknown (start-up, new uplink)</td><td>none yet</td><td>unknown</td>
 *     <td>UP with {@code fail-open: true} (default) or without probes, else DOWN</td></tr>
 * <tr><td>2</td><td>unknown</td><td>good round</td><td>up (the first round decides directly)</td><td>UP</td></tr>
 * <tr><td>3</td><td>unknown</td><td>bad round</td><td>down (the first round decides directly)</td><td>DOWN</td></tr>
 * <tr><td>4</td><td>up</td><td>good round</td><td>up; bad streak reset</td><td>UP</td></tr>
 * <tr><td>5</td><td>up</td><td>bad round, streak &lt; fall</td><td>up</td><td>UP</td></tr>
 * <tr><td>6</td><td>up</td><td>bad round, streak = fall</td><td>down</td><td>DOWN</td></tr>
 * <tr><td>7</td><td>down</td><td>bad round</td><td>down; good streak reset</td><td>DOWN</td></tr>
 * <tr><td>8</td><td>down</td><td>good round, streak &lt; rise</td><td>down</td><td>DOWN</td></tr>
 * <tr><td>9</td><td>down</td><td>good round, streak = rise</td><td>up</td><td>UP</td></tr>
 * <tr><td>10</td><td>any</td><td>drain</td><td>drained (probes go on; rows 2-9 still move the verdict)</td>
 *     <td>DRAINED</td></tr>
 * <tr><td>11</td><td>drained</td><td>undrain</td><td>the probed verdict (unknown: row 1)</td><td>per verdict</td></tr>
 * <tr><td>12</td><td>any</td><td>config reload, uplink kept</td><td>unchanged, drain kept; new probes and
 *     thresholds apply from the next round; with no probes left: unknown, counted as up</td>
 *     <td>unchanged (UP when unprobed)</td></tr>
 * <tr><td>13</td><td>any</td><td>config reload, uplink removed / added</td><td>forgotten / unknown (row 1)</td>
 *     <td>&mdash;</td></tr>
 * </table>
 * Streaks count consecutive rounds: one good round among bad ones starts the fall count again.
 * Every change of state writes one log line, {@code event=health_transition uplink= from= to= held=
 * cause=}, the cause naming the probe results of the deciding round. With every uplink out of
 * rotation, answers fail open ({@code UplinkTable.inRotation}).
 *
 * <h2>Threads</h2>
 * One timer thread starts each uplink's rounds at its own interval; a round runs on a worker
 * thread, its probes on further workers in parallel. A round waits for each probe at most its
 * timeout plus {@link org.uplinkdns.health.HealthMonitor#GRACE} and counts a late probe as failed,
 * and an uplink whose previous round still runs skips a tick, so a hung probe costs one worker,
 * never the schedule. Nothing runs on the network event loop; queries read the published snapshot
 * and never wait for a probe.
 *
 * <h2>Config keys</h2>
 * Top level {@code health:} holds defaults and {@code policy}; an uplink's {@code health:}
 * overrides them; a probe overrides {@code interval}, {@code timeout}, {@code quorum} and
 * {@code count}. Keys: {@code rise} (3), {@code fall} (3), {@code interval} (1s), {@code timeout}
 * (500ms, shorter than interval), {@code quorum} (1), {@code count} (3), {@code fail-open} (true),
 * {@code probes}; probe keys {@code kind}, {@code name}, {@code targets}, {@code port},
 * {@code query}, {@code type}, {@code path}, {@code host}, {@code status}, {@code command};
 * {@code policy: {self-on-dead: replace|keep, degraded-ttl: N}}. See README.md, "Health checks".
 *
 * <h2>Metrics</h2>
 * Through {@link org.uplinkdns.metrics.HealthRecorder}: every probe run (uplink, probe name, ok,
 * duration) and every change of the health answers see (uplink, from, to).
 */
package org.uplinkdns.health;
