package dev.aurelis.bench;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.CharsetUtil;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

/**
 * A model provider that answers instantly-but-not-quite: OpenAI {@code POST /v1/chat/completions} and Anthropic
 * {@code POST /v1/messages}, streamed or not, with a fixed latency, a fixed time to first token, a fixed number of
 * deltas at a fixed interval and fixed usage figures. It runs on Netty event loops (one thread by default), never a
 * thread per connection, so a thousand open streams cost it sockets and timers only.
 *
 * <p>Every stream's deltas are scheduled from deadlines measured from the request's arrival, so a late timer does
 * not push the following deltas back.
 */
public final class MockProvider implements AutoCloseable {

    private static final JsonFactory JSON = new JsonFactory();
    private static final long CREATED = System.currentTimeMillis() / 1000;

    private final MockConfig config;
    private final EventLoopGroup group;
    private final Channel serverChannel;
    private final AtomicLong ids = new AtomicLong();
    private final AtomicLong openStreams = new AtomicLong();
    private volatile boolean gatewayStub;

    private MockProvider(MockConfig config) throws InterruptedException {
        this.config = config;
        Transport transport = Transport.best();
        this.group = transport.group(config.threads());
        ServerBootstrap b = new ServerBootstrap()
                .group(group)
                .channel(transport.serverChannel())
                .option(ChannelOption.SO_BACKLOG, 4096)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(16 * 1024 * 1024),
                                new Handler());
                    }
                });
        this.serverChannel = b.bind(config.host(), config.port()).sync().channel();
        System.err.printf("mock provider on http://%s:%d (%s): latency %.2f ms, ttft %.2f ms, %d chunks every %.2f ms,"
                        + " usage %d in / %d out%n", config.host(), port(), transport.name(), config.latencyMs(),
                config.ttftMs(), config.chunks(), config.chunkIntervalMs(), config.inputTokens(), config.outputTokens());
    }

    public static MockProvider start(MockConfig config) throws InterruptedException {
        return new MockProvider(config);
    }

    public int port() {
        return ((java.net.InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    static void main(String[] argv) throws Exception {
        Args args = new Args(argv);
        MockProvider mock = start(MockConfig.from(args));
        mock.gatewayStub = args.flag("gateway-stub");
        Runtime.getRuntime().addShutdownHook(new Thread(mock::close));
        mock.serverChannel.closeFuture().sync();
    }

    @Override
    public void close() {
        serverChannel.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** What the mock needs from a request body: the model, whether to stream, whether to add a usage chunk. */
    record Call(String model, boolean stream, boolean includeUsage) {

        static Call parse(ByteBuf body) {
            byte[] bytes;
            int offset;
            int length = body.readableBytes();
            if (body.hasArray()) {
                bytes = body.array();
                offset = body.arrayOffset() + body.readerIndex();
            } else {
                bytes = ByteBufUtil.getBytes(body);
                offset = 0;
            }
            String model = "unknown";
            boolean stream = false;
            boolean includeUsage = false;
            try (JsonParser p = JSON.createParser(ObjectReadContext.empty(), bytes, offset, length)) {
                if (p.nextToken() != JsonToken.START_OBJECT) {
                    throw new IllegalArgumentException("body is not a JSON object");
                }
                while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                    String name = p.currentName();
                    JsonToken value = p.nextToken();
                    switch (name) {
                        case "model" -> model = p.getString();
                        case "stream" -> stream = value == JsonToken.VALUE_TRUE;
                        case "stream_options" -> {
                            if (value == JsonToken.START_OBJECT) {
                                while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                                    String option = p.currentName();
                                    JsonToken v = p.nextToken();
                                    if (option.equals("include_usage")) {
                                        includeUsage = v == JsonToken.VALUE_TRUE;
                                    } else {
                                        p.skipChildren();
                                    }
                                }
                            }
                        }
                        default -> p.skipChildren();
                    }
                }
            } catch (JacksonException e) {
                throw new IllegalArgumentException("malformed JSON: " + e.getOriginalMessage());
            }
            return new Call(model, stream, includeUsage);
        }
    }

    private final class Handler extends SimpleChannelInboundHandler<FullHttpRequest> {

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
            long arrival = System.nanoTime();
            boolean keepAlive = HttpUtil.isKeepAlive(req);
            String uri = req.uri();
            int q = uri.indexOf('?');
            String path = q < 0 ? uri : uri.substring(0, q);
            HttpMethod method = req.method();

            if (method.equals(HttpMethod.HEAD) || (method.equals(HttpMethod.GET)
                    && (path.equals("/") || path.equals("/health")))) {
                respond(ctx, HttpResponseStatus.OK, "text/plain", method.equals(HttpMethod.HEAD) ? "" : "ok\n",
                        keepAlive);
                return;
            }
            if (gatewayStub && ((method.equals(HttpMethod.GET) && path.equals("/ready"))
                    || (method.equals(HttpMethod.POST) && path.equals("/api/v1/keys")))) {
                // --gateway-stub: just enough of Aurelis's control plane for bench/run.sh to test its own Aurelis
                // arms before the gateway exists (the answers come straight from this mock, no proxy involved)
                respond(ctx, HttpResponseStatus.OK, "application/json", "{\"key\":\"bench-stub-key\"}", keepAlive);
                return;
            }
            if (method.equals(HttpMethod.GET) && path.equals("/stats")) {
                respond(ctx, HttpResponseStatus.OK, "application/json",
                        "{\"open_streams\":" + openStreams.get() + ",\"requests\":" + ids.get() + "}", keepAlive);
                return;
            }
            boolean openAi = path.equals("/v1/chat/completions");
            boolean anthropic = path.equals("/v1/messages");
            if (!method.equals(HttpMethod.POST) || !(openAi || anthropic)) {
                respond(ctx, HttpResponseStatus.NOT_FOUND, "application/json",
                        WireText.openAiError("no route for " + method + " " + path), keepAlive);
                return;
            }
            Call call;
            try {
                call = Call.parse(req.content());
            } catch (IllegalArgumentException e) {
                respond(ctx, HttpResponseStatus.BAD_REQUEST, "application/json",
                        openAi ? WireText.openAiError(e.getMessage()) : WireText.anthropicError(e.getMessage()),
                        keepAlive);
                return;
            }
            long n = ids.incrementAndGet();
            if (call.stream()) {
                startStream(ctx, arrival, openAi, call, n, keepAlive);
            } else {
                String id = openAi ? "chatcmpl-bench" + n : "msg_bench" + n;
                String text = WireText.fullText(config.chunks());
                String body = openAi
                        ? WireText.openAiCompletion(id, CREATED, call.model(), text, config.inputTokens(),
                        config.outputTokens())
                        : WireText.anthropicMessage(id, call.model(), text, config.inputTokens(),
                        config.outputTokens());
                long delay = arrival + config.latencyNanos() - System.nanoTime();
                if (delay <= 0) {
                    respond(ctx, HttpResponseStatus.OK, "application/json", body, keepAlive);
                } else {
                    ctx.executor().schedule(() -> respond(ctx, HttpResponseStatus.OK, "application/json", body,
                            keepAlive), delay, TimeUnit.NANOSECONDS);
                }
            }
        }

        private void respond(ChannelHandlerContext ctx, HttpResponseStatus status, String type, String body,
                             boolean keepAlive) {
            if (!ctx.channel().isActive()) {
                return;
            }
            ByteBuf content = ctx.alloc().buffer(body.length());
            content.writeCharSequence(body, CharsetUtil.UTF_8);
            FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, content);
            res.headers().set(HttpHeaderNames.CONTENT_TYPE, type)
                    .setInt(HttpHeaderNames.CONTENT_LENGTH, content.readableBytes());
            if (!keepAlive) {
                res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
                ctx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
            } else {
                ctx.writeAndFlush(res);
            }
        }

        private void startStream(ChannelHandlerContext ctx, long arrival, boolean openAi, Call call, long n,
                                 boolean keepAlive) {
            HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
            head.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/event-stream; charset=utf-8")
                    .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_CACHE)
                    .set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
            if (!keepAlive) {
                head.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            }
            ctx.write(head);
            Stream s = new Stream(ctx, arrival, openAi, call, openAi ? "chatcmpl-bench" + n : "msg_bench" + n,
                    keepAlive);
            openStreams.incrementAndGet();
            s.send(openAi ? WireText.openAiRoleChunk(s.id, CREATED, call.model(), call.includeUsage())
                    : WireText.anthropicOpening(s.id, call.model(), config.inputTokens()));
            s.scheduleNext();
        }
    }

    /** One streamed answer: delta {@code i} is due at {@code arrival + ttft + i * interval}. */
    private final class Stream implements Runnable {
        final ChannelHandlerContext ctx;
        final long firstDue;
        final boolean openAi;
        final Call call;
        final String id;
        final boolean keepAlive;
        int next;
        boolean finished;

        Stream(ChannelHandlerContext ctx, long arrival, boolean openAi, Call call, String id, boolean keepAlive) {
            this.ctx = ctx;
            this.firstDue = arrival + config.ttftNanos();
            this.openAi = openAi;
            this.call = call;
            this.id = id;
            this.keepAlive = keepAlive;
        }

        void send(String text) {
            ByteBuf buf = ctx.alloc().buffer(text.length() + 16);
            buf.writeCharSequence(text, CharsetUtil.UTF_8);
            ctx.writeAndFlush(new DefaultHttpContent(buf));
        }

        void scheduleNext() {
            long due = firstDue + next * config.chunkIntervalNanos();
            long delay = due - System.nanoTime();
            if (delay <= 0) {
                ctx.executor().execute(this);
            } else {
                ctx.executor().schedule(this, delay, TimeUnit.NANOSECONDS);
            }
        }

        @Override
        public void run() {
            if (finished || !ctx.channel().isActive()) {
                finish();
                return;
            }
            String text = "";
            if (next < config.chunks()) {
                String piece = WireText.piece(next);
                text = openAi ? WireText.openAiContentChunk(id, CREATED, call.model(), piece, call.includeUsage())
                        : WireText.anthropicDelta(piece);
            }
            next++;
            if (next < config.chunks()) {
                send(text);
                scheduleNext();
                return;
            }
            String closing = openAi
                    ? WireText.openAiClosing(id, CREATED, call.model(), call.includeUsage(), config.inputTokens(),
                    config.outputTokens())
                    : WireText.anthropicClosing(config.outputTokens());
            send(text + closing);
            var done = ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
            if (!keepAlive) {
                done.addListener(ChannelFutureListener.CLOSE);
            }
            finish();
        }

        void finish() {
            if (!finished) {
                finished = true;
                openStreams.decrementAndGet();
            }
        }
    }
}
