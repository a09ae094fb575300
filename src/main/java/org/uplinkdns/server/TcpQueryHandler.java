package org.uplinkdns.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.timeout.IdleStateEvent;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.uplinkdns.answer.Responder;
import org.uplinkdns.answer.Response;
import org.uplinkdns.answer.Transport;
import org.uplinkdns.metrics.ServerRecorder;
import org.uplinkdns.view.SnapshotHolder;

/**
 * Answers the length-framed messages of one TCP connection, in order. Reading pauses while the
 * socket is not writable, so a client that never reads cannot make the server queue answers
 * without bound.
 */
final class TcpQueryHandler extends SimpleChannelInboundHandler<ByteBuf> {
    private final InetAddress local;
    private final SnapshotHolder snapshots;
    private final Responder responder;
    private final ServerRecorder recorder;
    private final QueryLog queryLog;

    TcpQueryHandler(InetAddress local, SnapshotHolder snapshots, Responder responder, ServerRecorder recorder,
            QueryLog queryLog) {
        this.queryLog = queryLog;
        this.local = local;
        this.snapshots = snapshots;
        this.responder = responder;
        this.recorder = recorder;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        recorder.tcpOpened();
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        recorder.tcpClosed();
        super.channelInactive(ctx);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
        long start = System.nanoTime();
        byte[] query = new byte[frame.readableBytes()];
        frame.getBytes(frame.readerIndex(), query);
        InetAddress client = ((InetSocketAddress) ctx.channel().remoteAddress()).getAddress();
        Response r = responder.respond(snapshots.get(), query, local, client, Transport.TCP);
        if (r.isDropped()) {
            recorder.dropped(r.drop().name().toLowerCase(), true);
            return;
        }
        ctx.write(Unpooled.wrappedBuffer(r.wire()), ctx.voidPromise());
        for (byte[] next : r.more()) {
            ctx.write(Unpooled.wrappedBuffer(next), ctx.voidPromise());
        }
        recorder.answered(r.view(), true, r.qtype(), r.rcode(), r.truncated(), System.nanoTime() - start);
        if (queryLog.enabled()) {
            queryLog.record((InetSocketAddress) ctx.channel().remoteAddress(), local, true, query, r);
        }
        if (!ctx.channel().isWritable()) {
            ctx.flush();
            ctx.channel().config().setAutoRead(false);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        ctx.flush();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        if (ctx.channel().isWritable()) {
            ctx.channel().config().setAutoRead(true);
        }
        super.channelWritabilityChanged(ctx);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof IdleStateEvent) {
            ctx.close();
            return;
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // Oversized frame, reset by peer, ...: this connection is over, the server is not.
        recorder.dropped("tcp_error", true);
        ctx.close();
    }
}
