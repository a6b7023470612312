package dev.aurelis.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The load generator: sends requests over keep-alive HTTP/1.1 connections from one Netty event loop and times
 * them, without a thread per request.
 *
 * <p>{@link #open open loop}: requests are due on a fixed schedule ({@code start + i / rate}) whatever happens to
 * earlier ones; each is timed from when it was due, so a slow target cannot slow the load down and hide its own
 * stalls (no coordinated omission). A request that finds no idle connection gets a new one (up to a cap) or
 * waits, and the wait counts. {@link #closed Closed loop}: a fixed number of requests in flight, each followed at
 * once by the next (after a refusal, once its {@code retry-after} has passed, as the providers' SDKs wait); used
 * for maximum throughput and for holding many streams open.
 *
 * <p>Every run is bounded: in count (open loop) and in time (both), with a drain time-out after the last send.
 */
final class LoadRunner implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final EventLoopGroup group;
    private final Transport transport;

    LoadRunner() {
        this.transport = Transport.best();
        this.group = transport.group(1);
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** Options shared by both kinds of run. Times in seconds. */
    record Options(double warmupS, double measureS, int maxConnections, double timeoutS, double drainS,
                   boolean abortAtEnd) {

        Options(double warmupS, double measureS, int maxConnections, double timeoutS, double drainS) {
            this(warmupS, measureS, maxConnections, timeoutS, drainS, false);
        }
    }

    RunStats open(Target target, RequestSpec spec, double rate, Options o) {
        Run run = new Run(target, spec, o);
        long total = (long) Math.ceil(rate * (o.warmupS() + o.measureS()));
        double period = 1e9 / rate;
        run.loop.execute(() -> run.startOpen(total, period));
        return run.await();
    }

    /**
     * @param rampS spread the first {@code concurrency} requests over this many seconds (a thousand connections
     *              opened in the same millisecond would measure the listen backlog, not the proxy)
     */
    RunStats closed(Target target, RequestSpec spec, int concurrency, double rampS, Options o) {
        Run run = new Run(target, spec, o);
        run.loop.execute(() -> run.startClosed(concurrency, rampS));
        return run.await();
    }

    /** Requests in flight in the run currently going (for the memory sampler). */
    volatile int inFlight;

    private final class Run {
        final Target target;
        final RequestSpec spec;
        final Options o;
        final EventLoop loop = group.next();
        final RunStats stats = new RunStats();
        final CompletableFuture<RunStats> done = new CompletableFuture<>();
        final ArrayDeque<Conn> idle = new ArrayDeque<>();
        final ArrayDeque<Exchange> waiting = new ArrayDeque<>();
        final List<Conn> all = new ArrayList<>();
        final ByteBuf body;
        final Bootstrap bootstrap;
        long measureStart;
        long measureEnd;
        long sendEnd;
        long hardEnd;
        int connecting;
        int active;
        boolean sending = true;
        boolean closedLoop;
        long openIndex;

        Run(Target target, RequestSpec spec, Options o) {
            this.target = target;
            this.spec = spec;
            this.o = o;
            this.body = Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(spec.body()));
            this.bootstrap = new Bootstrap().group(loop).channel(transport.clientChannel())
                    .option(ChannelOption.TCP_NODELAY, true)
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 5000)
                    .handler(new ChannelInitializer<>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            ch.pipeline().addLast(new HttpClientCodec(), new Conn());
                        }
                    });
        }

        RunStats await() {
            long limit = (long) ((o.warmupS() + o.measureS() + o.drainS() + 30) * 1000);
            try {
                return done.get(limit, TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("run did not finish: " + e, e);
            }
        }

        private void window(long start) {
            measureStart = start + (long) (o.warmupS() * 1e9);
            measureEnd = measureStart + (long) (o.measureS() * 1e9);
            sendEnd = measureEnd;
            hardEnd = sendEnd + (long) (o.drainS() * 1e9);
            stats.measuredNanos = measureEnd - measureStart;
            loop.scheduleAtFixedRate(this::sweep, 100, 100, TimeUnit.MILLISECONDS);
            if (o.abortAtEnd()) {
                loop.schedule(this::abort, sendEnd - System.nanoTime(), TimeUnit.NANOSECONDS);
            }
        }

        void startOpen(long total, double period) {
            long start = System.nanoTime() + 2_000_000;
            window(start);
            tick(start, total, period);
        }

        private void tick(long start, long total, double period) {
            long now = System.nanoTime();
            while (openIndex < total) {
                long due = start + (long) (openIndex * period);
                if (due > now) {
                    loop.schedule(() -> tick(start, total, period), due - now, TimeUnit.NANOSECONDS);
                    return;
                }
                openIndex++;
                fire(due);
            }
            sending = false;
            maybeFinish();
        }

        void startClosed(int concurrency, double rampS) {
            closedLoop = true;
            long start = System.nanoTime();
            window(start + (long) (rampS * 1e9));
            for (int i = 0; i < concurrency; i++) {
                long delay = (long) (rampS * 1e9 * i / concurrency);
                if (delay == 0) {
                    fire(System.nanoTime());
                } else {
                    loop.schedule(() -> fire(System.nanoTime()), delay, TimeUnit.NANOSECONDS);
                }
            }
        }

        void fire(long due) {
            Exchange ex = new Exchange(due, due >= measureStart && due < measureEnd);
            if (ex.recorded) {
                stats.scheduled++;
            }
            stats.sent++;
            inFlight++;
            dispatch(ex);
        }

        void dispatch(Exchange ex) {
            Conn c;
            while ((c = idle.pollFirst()) != null) {
                if (c.channel.isActive()) {
                    c.start(ex);
                    return;
                }
            }
            waiting.addLast(ex);
            if (active + connecting < o.maxConnections()) {
                connect();
            }
        }

        void connect() {
            connecting++;
            ChannelFuture f = bootstrap.connect(target.host(), target.port());
            f.addListener(x -> {
                connecting--;
                if (x.isSuccess()) {
                    active++;
                    Conn c = f.channel().pipeline().get(Conn.class);
                    all.add(c);
                    released(c);
                } else {
                    Exchange ex = waiting.pollFirst();
                    if (ex != null) {
                        finish(ex, "connect", String.valueOf(x.cause()));
                    }
                }
            });
        }

        /** A connection is free again: give it the oldest waiting request or park it. */
        void released(Conn c) {
            Exchange ex = waiting.pollFirst();
            if (ex != null) {
                c.start(ex);
            } else {
                idle.addFirst(c);
            }
        }

        void finish(Exchange ex, String errorKind, String detail) {
            long now = System.nanoTime();
            inFlight--;
            if (ex.recorded) {
                if (errorKind == null) {
                    stats.ok++;
                    RunStats.record(stats.latency, now - ex.due);
                    RunStats.record(stats.service, now - ex.sentAt);
                    if (spec.stream()) {
                        stats.deltas.recordValue(ex.deltas);
                    }
                } else {
                    stats.error(errorKind, detail);
                    if (errorKind.equals("http-503") || errorKind.equals("http-529")) {
                        RunStats.record(stats.refused, now - ex.due);
                    }
                }
            } else if (errorKind != null && ex.due < measureStart) {
                stats.warmupError(errorKind);
            }
            if (closedLoop && now < sendEnd) {
                if (errorKind == null) {
                    fire(now);
                } else {
                    // a refusal's retry-after is honoured, as the providers' SDKs do; other errors retry soon
                    long pauseMs = ex.retryAfterS > 0 ? ex.retryAfterS * 1000L : 10;
                    loop.schedule(() -> fire(System.nanoTime()), pauseMs, TimeUnit.MILLISECONDS);
                }
            }
            maybeFinish();
        }

        void maybeFinish() {
            if (done.isDone()) {
                return;
            }
            boolean sendingOver = closedLoop ? System.nanoTime() >= sendEnd : !sending;
            if (sendingOver && inFlight == 0) {
                complete();
            }
        }

        /** Ends a hold-streams-open run on time: what is still streaming is cut, and not counted as an error. */
        void abort() {
            if (done.isDone()) {
                return;
            }
            for (Conn c : new ArrayList<>(all)) {
                c.ex = null;
                c.channel.close();
            }
            while (!waiting.isEmpty()) {
                waiting.pollFirst();
            }
            complete();
        }

        void complete() {
            for (Conn c : all) {
                c.channel.close();
            }
            inFlight = 0;
            done.complete(stats);
        }

        void sweep() {
            if (done.isDone()) {
                throw new IllegalStateException("run over");  // cancels the periodic sweep
            }
            long now = System.nanoTime();
            long timeout = (long) (o.timeoutS() * 1e9);
            for (Conn c : all) {
                if (c.ex != null && now - c.ex.due > timeout) {
                    Exchange ex = c.ex;
                    c.ex = null;
                    c.channel.close();
                    finish(ex, "timeout", "no complete answer after " + o.timeoutS() + " s");
                }
            }
            while (!waiting.isEmpty() && now - waiting.peekFirst().due > timeout) {
                finish(waiting.pollFirst(), "timeout", "no connection within " + o.timeoutS() + " s");
            }
            if (now >= hardEnd) {
                for (Conn c : all) {
                    if (c.ex != null) {
                        Exchange ex = c.ex;
                        c.ex = null;
                        finish(ex, "unfinished", "still running when the run's time ran out");
                    }
                }
                while (!waiting.isEmpty()) {
                    finish(waiting.pollFirst(), "unfinished", "still waiting when the run's time ran out");
                }
                complete();
                return;
            }
            maybeFinish();
        }

        final class Exchange {
            final long due;
            final boolean recorded;
            long sentAt;
            int status;
            /** The answer's retry-after in seconds (503 and 529 refusals), 0 when it had none. */
            int retryAfterS;
            long bytes;
            int deltas;
            long lastDelta;
            boolean terminal;
            boolean usage;
            String streamError;

            Exchange(long due, boolean recorded) {
                this.due = due;
                this.recorded = recorded;
            }
        }

        /** One keep-alive connection; carries one exchange at a time. */
        final class Conn extends ChannelInboundHandlerAdapter implements SseFramer.Listener {
            Channel channel;
            Exchange ex;
            SseFramer framer;
            boolean keepAlive;
            long now;
            byte[] scratch = new byte[16 * 1024];

            @Override
            public void handlerAdded(ChannelHandlerContext ctx) {
                channel = ctx.channel();
            }

            void start(Exchange e) {
                ex = e;
                framer = spec.stream() ? new SseFramer(this) : null;
                FullHttpRequest req = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, spec.path(),
                        body.duplicate());
                var h = req.headers();
                h.set(HttpHeaderNames.HOST, target.host() + ":" + target.port())
                        .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                        .setInt(HttpHeaderNames.CONTENT_LENGTH, spec.body().length)
                        .set(HttpHeaderNames.USER_AGENT, "aurelis-bench/0.1");
                if (spec.anthropic()) {
                    h.set("x-api-key", target.key()).set("anthropic-version", "2023-06-01")
                            .set("anthropic-beta", "interleaved-thinking-2025-05-14,context-management-2025-06-27");
                } else {
                    h.set(HttpHeaderNames.AUTHORIZATION, "Bearer " + target.key());
                }
                for (String[] extra : spec.anthropic() ? target.anthropicHeaders() : target.openAiHeaders()) {
                    h.set(extra[0], extra[1]);
                }
                if (spec.stream()) {
                    h.set(HttpHeaderNames.ACCEPT, "text/event-stream");
                }
                e.sentAt = System.nanoTime();
                channel.writeAndFlush(req);
            }

            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                now = System.nanoTime();
                try {
                    Exchange e = ex;
                    if (e == null) {
                        return;
                    }
                    if (msg instanceof HttpResponse r) {
                        e.status = r.status().code();
                        e.retryAfterS = retryAfterSeconds(r.headers().get("retry-after"));
                        keepAlive = HttpUtil.isKeepAlive(r);
                    }
                    if (msg instanceof HttpContent c) {
                        ByteBuf b = c.content();
                        int n = b.readableBytes();
                        e.bytes += n;
                        if (framer != null && n > 0 && e.status / 100 == 2) {
                            if (scratch.length < n) {
                                scratch = new byte[Math.max(n, scratch.length * 2)];
                            }
                            b.getBytes(b.readerIndex(), scratch, 0, n);
                            framer.feed(scratch, 0, n);
                        }
                        if (c instanceof LastHttpContent) {
                            ex = null;
                            String[] err = verdict(e);
                            finish(e, err == null ? null : err[0], err == null ? null : err[1]);
                            if (keepAlive && channel.isActive()) {
                                released(this);
                            } else {
                                channel.close();
                            }
                        }
                    }
                } finally {
                    ReferenceCountUtil.release(msg);
                }
            }

            private static int retryAfterSeconds(String value) {
                if (value == null) {
                    return 0;
                }
                try {
                    return Math.max(0, Math.min(60, Integer.parseInt(value.strip())));
                } catch (NumberFormatException httpDate) {
                    return 1;
                }
            }

            private String[] verdict(Exchange e) {
                if (e.status / 100 != 2) {
                    return new String[] {"http-" + e.status, "status " + e.status};
                }
                if (e.bytes == 0) {
                    return new String[] {"empty", "empty body"};
                }
                if (!spec.stream()) {
                    return null;
                }
                if (e.streamError != null) {
                    return new String[] {"stream-error", e.streamError};
                }
                if (!e.terminal) {
                    return new String[] {"stream-unterminated", "no [DONE] / message_stop"};
                }
                if (spec.expectedDeltas() > 0 && e.deltas != spec.expectedDeltas()) {
                    return new String[] {"stream-deltas", e.deltas + " deltas, expected " + spec.expectedDeltas()};
                }
                if (!e.usage) {
                    return new String[] {"stream-no-usage", "no usage in the stream"};
                }
                return null;
            }

            @Override
            public void onEvent(String event, String data) {
                Exchange e = ex;
                if (e == null) {
                    return;
                }
                boolean delta = false;
                if (spec.anthropic()) {
                    JsonNode n = JSON.readTree(data);
                    String type = n.path("type").asString("");
                    switch (type) {
                        case "content_block_delta" -> delta = true;
                        case "message_delta" -> e.usage |= n.has("usage");
                        case "message_stop" -> e.terminal = true;
                        case "error" -> e.streamError = data;
                        default -> { }
                    }
                } else if (data.equals("[DONE]")) {
                    e.terminal = true;
                } else {
                    JsonNode n = JSON.readTree(data);
                    JsonNode u = n.get("usage");
                    if (u != null && u.isObject()) {
                        e.usage = true;
                    }
                    if (n.has("error")) {
                        e.streamError = data;
                    }
                    JsonNode d = n.path("choices").path(0).path("delta");
                    String content = d.path("content").asString("");
                    delta = !content.isEmpty() || d.has("tool_calls");
                }
                if (delta) {
                    e.deltas++;
                    if (e.recorded) {
                        if (e.deltas == 1) {
                            RunStats.record(stats.ttft, now - e.due);
                        } else {
                            RunStats.record(stats.gap, now - e.lastDelta);
                        }
                    }
                    e.lastDelta = now;
                }
            }

            @Override
            public void channelInactive(ChannelHandlerContext ctx) {
                active--;
                idle.remove(this);
                all.remove(this);
                Exchange e = ex;
                if (e != null) {
                    ex = null;
                    finish(e, "closed", "connection closed mid-answer");
                }
                if (!waiting.isEmpty() && active + connecting < o.maxConnections() && !done.isDone()) {
                    connect();
                }
            }

            @Override
            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                Exchange e = ex;
                if (e != null) {
                    ex = null;
                    finish(e, "io", String.valueOf(cause));
                }
                ctx.close();
            }
        }
    }
}
