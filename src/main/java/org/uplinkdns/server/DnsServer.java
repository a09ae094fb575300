package org.uplinkdns.server;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.LengthFieldPrepender;
import io.netty.handler.timeout.IdleStateHandler;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.uplinkdns.answer.Responder;
import org.uplinkdns.config.TcpConfig;
import org.uplinkdns.metrics.ServerRecorder;
import org.uplinkdns.view.SnapshotHolder;

/** The listeners: one UDP socket and one TCP listener per local address; see the package documentation. */
public final class DnsServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DnsServer.class);
    private static final int TCP_MAX_MESSAGE = 65535;
    /**
     * Largest UDP query read whole. Longer datagrams are cut to this size and get FORMERR (a
     * query is a question and an OPT record: real ones are well under 512 bytes).
     */
    private static final int MAX_UDP_QUERY = 1232;
    /** Datagrams read per system call (recvmmsg) when that many are waiting. */
    private static final int UDP_BATCH = 16;
    private static final Duration RETRY_INTERVAL = Duration.ofSeconds(1);

    /** Socket settings that do not change per address. */
    public record Options(int port, Duration tcpIdleTimeout, int threads, QueryLog queryLog) {
        public Options(int port, Duration tcpIdleTimeout, int threads) {
            this(port, tcpIdleTimeout, threads, QueryLog.OFF);
        }
    }

    private final Options options;
    private final SnapshotHolder snapshots;
    private final Responder responder;
    private final ServerRecorder recorder;
    private final EventLoopGroup group;
    private final boolean epoll;
    /**
     * Retries waiting addresses. Not an event loop: binding waits for the event loops while
     * holding this object's lock (as {@link #reconcile} does), so an event loop that waited for
     * that lock could never run the registration it is waited on: a deadlock.
     */
    private final ScheduledExecutorService retry = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "dns-listen-retry");
        t.setDaemon(true);
        return t;
    });
    private final Map<InetAddress, Listener> listeners = new LinkedHashMap<>();
    private final Set<InetAddress> waiting = new HashSet<>();
    private final RateLimiter rateLimiter = new RateLimiter(System::nanoTime);
    private final TcpConnections tcpConnections = new TcpConnections();
    private boolean closed;

    /** Several UDP sockets share one address and port (SO_REUSEPORT), one per event loop. */
    private record Listener(List<Channel> udp, Channel tcp) {
        int port() {
            return ((InetSocketAddress) udp.get(0).localAddress()).getPort();
        }
    }

    public DnsServer(Options options, SnapshotHolder snapshots, Responder responder, ServerRecorder recorder) {
        this.options = options;
        this.snapshots = snapshots;
        this.responder = responder;
        this.recorder = recorder;
        this.epoll = Epoll.isAvailable();
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        this.group = new MultiThreadIoEventLoopGroup(Math.max(1, options.threads()), io);
        if (!epoll) {
            log.warn("event=transport kind=nio reason=\"{}\" note=\"addresses not yet on the host are retried every second\"",
                    Epoll.unavailabilityCause());
        }
        retry.scheduleWithFixedDelay(this::retryWaiting, RETRY_INTERVAL.toMillis(), RETRY_INTERVAL.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /**
     * Opens listeners on {@code addresses}. Another process holding an address and port is fatal
     * here, at start-up, where an operator sees it; an address the host does not have (yet) is not.
     */
    public synchronized void start(Set<InetAddress> addresses) throws ListenFailure {
        for (InetAddress a : addresses) {
            try {
                bind(a);
            } catch (ListenFailure e) {
                if (e.addressInUse()) {
                    closeAll();
                    throw e;
                }
                log.warn("event=listen_wait address={} reason=\"{}\"", a.getHostAddress(), e.getMessage());
                waiting.add(a);
            }
        }
        recorder.listeners(listeners.size());
    }

    /** Makes the listeners match {@code desired}: closes those no longer wanted, opens the new ones. */
    public synchronized void reconcile(Set<InetAddress> desired) {
        if (closed) {
            return;
        }
        for (InetAddress a : new ArrayList<>(listeners.keySet())) {
            if (!desired.contains(a)) {
                unbind(a);
            }
        }
        waiting.retainAll(desired);
        for (InetAddress a : desired) {
            if (!listeners.containsKey(a) && !waiting.contains(a)) {
                try {
                    bind(a);
                } catch (ListenFailure e) {
                    log.warn("event=listen_wait address={} reason=\"{}\"", a.getHostAddress(), e.getMessage());
                    waiting.add(a);
                }
            }
        }
        recorder.listeners(listeners.size());
    }

    private synchronized void retryWaiting() {
        if (closed || waiting.isEmpty()) {
            return;
        }
        for (InetAddress a : new ArrayList<>(waiting)) {
            try {
                bind(a);
                waiting.remove(a);
            } catch (ListenFailure e) {
                log.debug("still waiting for {}: {}", a, e.getMessage());
            }
        }
        recorder.listeners(listeners.size());
    }

    /** Addresses with open listeners. */
    public synchronized Set<InetAddress> bound() {
        return Set.copyOf(listeners.keySet());
    }

    /** Addresses wanted but not yet bound. */
    public synchronized Set<InetAddress> waiting() {
        return Set.copyOf(waiting);
    }

    /** The port actually bound on {@code address} (differs from the configured one only when that is 0). */
    public synchronized int port(InetAddress address) {
        Listener l = listeners.get(address);
        return l == null ? -1 : l.port();
    }

    public boolean nativeTransport() {
        return epoll;
    }

    private void bind(InetAddress address) throws ListenFailure {
        List<Channel> udp = bindUdp(address, options.port());
        // With port 0 (tests) TCP takes the port UDP was given, so one port serves both.
        int port = ((InetSocketAddress) udp.get(0).localAddress()).getPort();
        Channel tcp;
        try {
            tcp = bindTcp(address, port);
        } catch (ListenFailure e) {
            udp.forEach(c -> c.close().awaitUninterruptibly(2, TimeUnit.SECONDS));
            throw e;
        }
        listeners.put(address, new Listener(udp, tcp));
        log.info("event=listen address={} port={} transport={}", address.getHostAddress(), port, epoll ? "epoll" : "nio");
    }

    private void unbind(InetAddress address) {
        Listener l = listeners.remove(address);
        if (l != null) {
            l.udp().forEach(c -> c.close().awaitUninterruptibly(2, TimeUnit.SECONDS));
            l.tcp().close().awaitUninterruptibly(2, TimeUnit.SECONDS);
            log.info("event=unlisten address={} port={}", address.getHostAddress(), l.port());
        }
    }

    /**
     * With epoll, one UDP socket per event loop on the same address and port (SO_REUSEPORT: the
     * kernel spreads datagrams over them by client), each reading datagrams in batches
     * (recvmmsg). A first bind without SO_REUSEPORT checks that no other process holds the port:
     * sockets that all set SO_REUSEPORT would otherwise quietly share it.
     */
    private List<Channel> bindUdp(InetAddress address, int port) throws ListenFailure {
        int sockets = epoll ? Math.max(1, options.threads()) : 1;
        Channel first = await(udpBootstrap(address, false).bind(new InetSocketAddress(address, port)), address, port, "udp");
        if (sockets == 1) {
            return List.of(first);
        }
        int bound = ((InetSocketAddress) first.localAddress()).getPort();
        first.close().syncUninterruptibly();
        List<Channel> result = new ArrayList<>();
        try {
            for (int i = 0; i < sockets; i++) {
                result.add(await(udpBootstrap(address, true).bind(new InetSocketAddress(address, bound)), address,
                        bound, "udp"));
            }
        } catch (ListenFailure e) {
            result.forEach(c -> c.close().syncUninterruptibly());
            throw e;
        }
        return result;
    }

    private Bootstrap udpBootstrap(InetAddress address, boolean reusePort) {
        Bootstrap b = new Bootstrap()
                .group(group)
                .channel(epoll ? EpollDatagramChannel.class : NioDatagramChannel.class)
                // Room for a burst: the kernel caps this at net.core.rmem_max (README "Robustness").
                .option(ChannelOption.SO_RCVBUF, 4 << 20)
                .handler(new ChannelInitializer<DatagramChannel>() {
                    @Override
                    protected void initChannel(DatagramChannel ch) {
                        ch.pipeline().addLast(new UdpQueryHandler(address, snapshots, responder, recorder,
                                options.queryLog(), rateLimiter));
                    }
                });
        if (epoll) {
            b.option(EpollChannelOption.IP_FREEBIND, true)
                    .option(EpollChannelOption.SO_REUSEPORT, reusePort)
                    .option(EpollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE, MAX_UDP_QUERY)
                    .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(MAX_UDP_QUERY * UDP_BATCH));
        }
        return b;
    }

    private Channel bindTcp(InetAddress address, int port) throws ListenFailure {
        long idleMillis = options.tcpIdleTimeout().toMillis();
        ServerBootstrap b = new ServerBootstrap()
                .group(group)
                .channel(serverChannelClass())
                .option(ChannelOption.SO_REUSEADDR, true)
                .option(ChannelOption.SO_BACKLOG, 256)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(32 * 1024, 128 * 1024))
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        // Limits come from the current snapshot, so a reload changes them for new connections.
                        TcpConfig limits = snapshots.get().config().tcp();
                        String refused = tcpConnections.admit(ch, limits);
                        if (refused != null) {
                            recorder.tcpLimited(refused);
                            ch.close();
                            return;
                        }
                        ch.pipeline()
                                .addLast(new IdleStateHandler(0, 0, idleMillis, TimeUnit.MILLISECONDS))
                                .addLast(new TcpGuard(limits.readTimeout().toNanos(), limits.maxQueriesPerConnection(),
                                        recorder))
                                .addLast(new LengthFieldBasedFrameDecoder(TCP_MAX_MESSAGE + 2, 0, 2, 0, 2))
                                .addLast(new LengthFieldPrepender(2))
                                .addLast(new TcpQueryHandler(address, snapshots, responder, recorder, options.queryLog()));
                    }
                });
        if (epoll) {
            b.option(EpollChannelOption.IP_FREEBIND, true);
        }
        return await(b.bind(new InetSocketAddress(address, port)), address, port, "tcp");
    }

    private Class<? extends ServerChannel> serverChannelClass() {
        return epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    private static Channel await(ChannelFuture f, InetAddress address, int port, String protocol) throws ListenFailure {
        f.awaitUninterruptibly();
        if (!f.isSuccess()) {
            throw new ListenFailure(address, port, protocol, f.cause());
        }
        return f.channel();
    }

    private void closeAll() {
        for (InetAddress a : List.copyOf(listeners.keySet())) {
            unbind(a);
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            closeAll();
            waiting.clear();
        }
        retry.shutdownNow();
        // Bounded: a stop must never hang, whatever state a channel is in.
        if (!group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS)) {
            log.warn("event=stop_incomplete note=\"event loops did not stop within 5 s\"");
        }
    }
}
