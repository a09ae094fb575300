package org.uplinkdns.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.uplinkdns.metrics.ServerRecorder;

/**
 * Per-connection TCP limits, in front of the frame decoder. It follows the 2-byte length framing
 * itself (counting, never buffering) so that it knows when a message has started and when it ends:
 *
 * <ul>
 *   <li>read deadline: a message whose first byte has arrived must be complete within the read
 *       timeout, or the connection is closed. A slowloris client that trickles a length prefix
 *       and then a byte now and then keeps the idle timer happy but not this one;
 *   <li>query budget: after the configured number of messages the rest of the input is discarded,
 *       and the connection is closed once the answers before it have been written (RFC 7766 §6.2.3
 *       lets a server close a connection whenever it likes; clients reconnect).
 * </ul>
 */
final class TcpGuard extends ChannelInboundHandlerAdapter {
    private final long readTimeoutNanos;
    private final int maxQueries;
    private final ServerRecorder recorder;

    private boolean inMessage;
    private int headerBytes;
    private int remaining;
    private int completed;
    private boolean closing;
    private ScheduledFuture<?> deadline;

    TcpGuard(long readTimeoutNanos, int maxQueries, ServerRecorder recorder) {
        this.readTimeoutNanos = readTimeoutNanos;
        this.maxQueries = maxQueries;
        this.recorder = recorder;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf buf)) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (closing) {
            buf.release();
            return;
        }
        int start = buf.readerIndex();
        int end = buf.writerIndex();
        boolean started = false;
        boolean budgetSpent = false;
        int i = start;
        while (i < end) {
            if (!inMessage) {
                inMessage = true;
                started = true;
                headerBytes = 0;
                remaining = 0;
            }
            if (headerBytes < 2) {
                remaining = (remaining << 8) | buf.getUnsignedByte(i);
                headerBytes++;
                i++;
            } else {
                int take = Math.min(remaining, end - i);
                remaining -= take;
                i += take;
            }
            if (headerBytes == 2 && remaining == 0) {
                inMessage = false;
                completed++;
                if (maxQueries > 0 && completed >= maxQueries) {
                    budgetSpent = true;
                    break;
                }
            }
        }
        if (budgetSpent) {
            closing = true;
            cancelDeadline();
            ByteBuf last = buf.retainedSlice(start, i - start);
            buf.release();
            ctx.fireChannelRead(last);
            recorder.tcpLimited("max_queries");
            // Written through this handler's context, so the empty buffer reaches the socket
            // without passing the length prepender: it only marks the point after every answer.
            ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        if (!inMessage) {
            cancelDeadline();
        } else if (started) {
            // The unfinished message began in this read: its deadline starts now.
            cancelDeadline();
            deadline = ctx.executor().schedule(() -> expire(ctx), readTimeoutNanos, TimeUnit.NANOSECONDS);
        }
        ctx.fireChannelRead(buf);
    }

    private void expire(ChannelHandlerContext ctx) {
        deadline = null;
        if (inMessage && !closing && ctx.channel().isActive()) {
            recorder.tcpLimited("read_timeout");
            ctx.close();
        }
    }

    private void cancelDeadline() {
        if (deadline != null) {
            deadline.cancel(false);
            deadline = null;
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        cancelDeadline();
        super.channelInactive(ctx);
    }
}
