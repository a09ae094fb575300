package org.uplinkdns.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetAddress;
import org.uplinkdns.answer.Responder;
import org.uplinkdns.answer.Response;
import org.uplinkdns.answer.Slip;
import org.uplinkdns.answer.Transport;
import org.uplinkdns.metrics.ServerRecorder;
import org.uplinkdns.view.Snapshot;
import org.uplinkdns.view.SnapshotHolder;

/**
 * Answers datagrams on one address. The reply is written to the channel bound to the receiving
 * address, so it leaves from the address the client queried. Every reply passes the rate limiter
 * first: UDP sources can be forged, TCP ones cannot, so only UDP is limited.
 */
@ChannelHandler.Sharable
final class UdpQueryHandler extends SimpleChannelInboundHandler<DatagramPacket> {
    private final InetAddress local;
    private final SnapshotHolder snapshots;
    private final Responder responder;
    private final ServerRecorder recorder;
    private final QueryLog queryLog;
    private final RateLimiter rateLimiter;

    UdpQueryHandler(InetAddress local, SnapshotHolder snapshots, Responder responder, ServerRecorder recorder,
            QueryLog queryLog, RateLimiter rateLimiter) {
        this.queryLog = queryLog;
        this.rateLimiter = rateLimiter;
        this.local = local;
        this.snapshots = snapshots;
        this.responder = responder;
        this.recorder = recorder;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
        long start = System.nanoTime();
        ByteBuf content = packet.content();
        byte[] query = new byte[content.readableBytes()];
        content.getBytes(content.readerIndex(), query);
        Snapshot snapshot = snapshots.get();
        Response r = responder.respond(snapshot, query, local, packet.sender().getAddress(), Transport.UDP);
        if (r.isDropped()) {
            recorder.dropped(r.drop().name().toLowerCase(), false);
            return;
        }
        byte[] wire = r.wire();
        switch (rateLimiter.check(snapshot.config().rrl(), local, packet.sender().getAddress(), r)) {
            case DROP -> {
                recorder.rateLimited(false);
                return;
            }
            case SLIP -> {
                recorder.rateLimited(true);
                wire = Slip.of(wire);
            }
            case SEND -> { }
        }
        ctx.write(new DatagramPacket(Unpooled.wrappedBuffer(wire), packet.sender()), ctx.voidPromise());
        recorder.answered(r.view(), false, r.qtype(), r.rcode(), r.truncated(), System.nanoTime() - start);
        if (queryLog.enabled()) {
            queryLog.record(packet.sender(), local, false, query, r);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        ctx.flush();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // A send error (ICMP unreachable reported back, buffer full) concerns one client only.
        recorder.dropped("send_error", false);
    }
}
