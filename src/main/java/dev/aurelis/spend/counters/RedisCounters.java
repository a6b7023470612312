package dev.aurelis.spend.counters;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanIterator;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counters in Redis, shared by every replica: one Lua script call per reserve, per settle and per release. Keys
 * of a tenant share the hash tag {@code {tenant}}, so the scripts also run on Redis Cluster.
 *
 * <p>A command that times out is not yet Redis being down: a gateway starved of CPU can miss a reply a healthy
 * Redis sent in time. So a timeout is followed by a {@code PING} on the same connection, and if Redis answers, the
 * command is run once more; only a second failure, or no answer to the PING, makes the counters unavailable (ADR
 * 0079). Every command may run twice so: reads and seeding are idempotent anyway, and the reserve, settle and release
 * scripts keep their answer under a key of their own call (its "once key"), so the retry of a call Redis did run
 * returns that answer instead of counting again.
 */
public final class RedisCounters implements CounterStore, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RedisCounters.class);
    /** How often, at most, a retried timeout is logged: under load it can happen on many exchanges at once. */
    private static final long RETRY_LOG_INTERVAL_MILLIS = 60_000;

    private record Script(String source, String sha) {
    }

    private final RedisClient client;
    private volatile StatefulRedisConnection<String, String> connection;
    private final Map<String, Script> scripts = new HashMap<>();
    /** A once key outlives its call's retry by far: the retry follows within two command timeouts. */
    private final String onceMillis;
    private volatile long retryLoggedAt;
    private final String storeId = UUID.randomUUID().toString();
    private final AtomicLong calls = new AtomicLong();

    public RedisCounters(String url, Duration timeout) {
        this.onceMillis = Long.toString(Math.max(60_000, 10 * timeout.toMillis()));
        RedisURI uri = RedisURI.create(url);
        uri.setTimeout(timeout);
        this.client = RedisClient.create(uri);
        client.setOptions(ClientOptions.builder()
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(timeout))
                .build());
        for (String name : List.of("reserve", "settle", "release", "seed-finish", "adopt")) {
            scripts.put(name, new Script(load(name), null));
        }
    }

    private static String load(String name) {
        try (InputStream in = RedisCounters.class.getResourceAsStream("/spend/" + name + ".lua")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private RedisCommands<String, String> commands() {
        StatefulRedisConnection<String, String> current = connection;
        if (current == null || !current.isOpen()) {
            synchronized (this) {
                current = connection;
                if (current == null || !current.isOpen()) {
                    try {
                        current = client.connect();
                    } catch (RedisException e) {
                        throw new CountersUnavailable("Redis is unreachable: " + e.getMessage(), e);
                    }
                    connection = current;
                }
            }
        }
        return current.sync();
    }

    /** Answers PING; false when Redis is unreachable. */
    public boolean reachable() {
        try {
            return "PONG".equals(commands().ping());
        } catch (RuntimeException e) {
            return false;
        }
    }

    private List<Object> run(String name, List<String> keys, List<String> args) {
        String[] keyArray = keys.toArray(String[]::new);
        String[] argArray = args.toArray(String[]::new);
        return retryingTimeout(name + " script", () -> {
            RedisCommands<String, String> commands = commands();
            Script script = scripts.get(name);
            if (script.sha() == null) {
                String sha = commands.scriptLoad(script.source());
                synchronized (scripts) {
                    scripts.put(name, new Script(script.source(), sha));
                }
                script = scripts.get(name);
            }
            try {
                return commands.evalsha(script.sha(), ScriptOutputType.MULTI, keyArray, argArray);
            } catch (RedisNoScriptException e) {
                // Redis restarted and lost its script cache: run the source, which caches it again.
                return commands.eval(script.source(), ScriptOutputType.MULTI, keyArray, argArray);
            }
        });
    }

    private <T> T call(Function<RedisCommands<String, String>, T> command) {
        return retryingTimeout("command", () -> command.apply(commands()));
    }

    /**
     * Runs the command; if it times out but Redis then answers a PING, runs it once more. The PING goes on the same
     * connection, behind the command, so its answer also means Redis has run the command or never will.
     */
    private <T> T retryingTimeout(String what, Supplier<T> command) {
        try {
            return command.get();
        } catch (RedisCommandTimeoutException timeout) {
            if (!reachable()) {
                throw new CountersUnavailable("Redis did not answer the " + what + " in time, nor a PING after it: "
                        + timeout.getMessage(), timeout);
            }
            logRetry(what);
            try {
                return command.get();
            } catch (RedisException again) {
                throw unavailable(what, again);
            }
        } catch (RedisException e) {
            throw unavailable(what, e);
        }
    }

    private static CountersUnavailable unavailable(String what, RedisException e) {
        if (e instanceof RedisNoScriptException) {
            return new CountersUnavailable("Redis did not run the " + what + ": " + e.getMessage(), e);
        }
        return new CountersUnavailable("Redis is unreachable: " + e.getMessage(), e);
    }

    private void logRetry(String what) {
        long now = System.currentTimeMillis();
        if (now - retryLoggedAt >= RETRY_LOG_INTERVAL_MILLIS) {
            retryLoggedAt = now;
            log.warn("A Redis {} timed out but Redis answers a PING: retried once instead of treating Redis as down "
                    + "(the gateway is likely short of CPU; logged at most once a minute)", what);
        }
    }

    /**
     * A key of one call of a script, under which the script keeps its answer for the call's retry: this store's
     * random id (unique among replicas) and a sequence number, cheaper than a random id per call.
     */
    private String onceKey(String tenant) {
        return prefix(tenant) + "once:" + storeId + ":" + calls.incrementAndGet();
    }

    private static String prefix(String tenant) {
        return "aurelis:{" + tenant + "}:";
    }

    private static String counterKey(String tenant, String key) {
        return prefix(tenant) + "c:" + key;
    }

    private static String zsetKey(String tenant, String key) {
        return prefix(tenant) + "z:" + key;
    }

    private static String seedKey(String tenant, String seedKey) {
        return prefix(tenant) + "s:" + seedKey;
    }

    private static String journalKey(String tenant, String seedKey) {
        return prefix(tenant) + "j:" + seedKey;
    }

    private static String bucketKey(String tenant, String key) {
        return prefix(tenant) + "rl:" + key;
    }

    private static String generationKey(String tenant) {
        return prefix(tenant) + "gen";
    }

    @Override
    public Generation generation(String tenant) {
        return Generation.parse(call(c -> c.get(generationKey(tenant))));
    }

    @Override
    public Generation startGeneration(String tenant, Generation next) {
        call(c -> c.set(generationKey(tenant), next.value(), SetArgs.Builder.nx()));
        return generation(tenant);
    }

    @Override
    public void adopt(String tenant, String member, long amount, List<Counter> counters, long expiresAt) {
        List<String> keys = new ArrayList<>();
        List<String> args = new ArrayList<>(List.of(member, Long.toString(amount), Long.toString(expiresAt)));
        for (Counter c : counters) {
            keys.add(counterKey(tenant, c.key()));
            keys.add(zsetKey(tenant, c.key()));
            args.add(Long.toString(c.expireAt()));
        }
        run("adopt", keys, args);
    }

    @Override
    public ReserveOutcome reserve(ReserveOp op) {
        List<String> keys = new ArrayList<>();
        List<String> args = new ArrayList<>(List.of(Integer.toString(op.counters().size()),
                Integer.toString(op.buckets().size()), Long.toString(op.now()), Long.toString(op.reservationExpiresAt()),
                Long.toString(op.amount()), op.member(), op.mayDowngrade() ? "1" : "0"));
        for (Counter c : op.counters()) {
            keys.add(counterKey(op.tenant(), c.key()));
            keys.add(zsetKey(op.tenant(), c.key()));
            keys.add(seedKey(op.tenant(), c.seedKey()));
            args.addAll(List.of(Long.toString(c.limit()), Integer.toString(c.mode()), Long.toString(c.graceMillis()),
                    Double.toString(c.throttleStart()), Integer.toString(c.throttleRequestsPerMinute()),
                    Double.toString(c.downgradeAt()), Long.toString(c.expireAt())));
        }
        for (Bucket b : op.buckets()) {
            keys.add(bucketKey(op.tenant(), b.key()));
            args.add(Long.toString(b.capacity()));
            args.add(Long.toString(b.cost()));
        }
        keys.add(generationKey(op.tenant()));
        args.add(op.generation() == null ? "" : op.generation().value());
        keys.add(onceKey(op.tenant()));
        args.add(onceMillis);
        List<Object> reply = run("reserve", keys, args);
        Status status = Status.valueOf((String) reply.get(0));
        int index = ((Long) reply.get(1)).intValue();
        int n = op.counters().size();
        if (status == Status.NOT_SEEDED || status == Status.RESET) {
            return new ReserveOutcome(status, index, new long[n], new long[n], 0, new long[0], new long[0]);
        }
        long retry = Long.parseLong((String) reply.get(2));
        long[] spent = new long[n];
        long[] reserved = new long[n];
        for (int i = 0; i < n; i++) {
            spent[i] = Long.parseLong((String) reply.get(3 + 2 * i));
            reserved[i] = Long.parseLong((String) reply.get(4 + 2 * i));
        }
        int m = status == Status.ADMITTED ? op.buckets().size() : 0;
        long[] remaining = new long[m];
        long[] reset = new long[m];
        for (int j = 0; j < m; j++) {
            remaining[j] = Long.parseLong((String) reply.get(3 + 2 * n + 2 * j));
            reset[j] = Long.parseLong((String) reply.get(4 + 2 * n + 2 * j));
        }
        return new ReserveOutcome(status, index, spent, reserved, retry, remaining, reset);
    }

    @Override
    public SettleOutcome settle(SettleOp op) {
        List<String> keys = new ArrayList<>();
        List<String> args = new ArrayList<>(List.of(Integer.toString(op.counters().size()),
                Integer.toString(op.buckets().size()), Long.toString(op.now()), Long.toString(op.actual()), op.member(),
                Long.toString(op.reservedAmount()), op.requestId()));
        for (Counter c : op.counters()) {
            keys.add(counterKey(op.tenant(), c.key()));
            keys.add(zsetKey(op.tenant(), c.key()));
            keys.add(seedKey(op.tenant(), c.seedKey()));
            keys.add(journalKey(op.tenant(), c.seedKey()));
            StringBuilder thresholds = new StringBuilder();
            for (long t : c.thresholds()) {
                thresholds.append(t).append(',');
            }
            args.addAll(List.of(Long.toString(c.limit()), Long.toString(c.expireAt()), thresholds.toString()));
        }
        for (Bucket b : op.buckets()) {
            keys.add(bucketKey(op.tenant(), b.key()));
            args.add(Long.toString(b.capacity()));
            args.add(Long.toString(b.cost()));
        }
        keys.add(onceKey(op.tenant()));
        args.add(onceMillis);
        List<Object> reply = run("settle", keys, args);
        int n = op.counters().size();
        long[] after = new long[n];
        List<int[]> crossed = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            after[i] = Long.parseLong((String) reply.get(2 * i));
            String list = (String) reply.get(2 * i + 1);
            crossed.add(list.isEmpty() ? new int[0]
                    : java.util.Arrays.stream(list.split(",")).filter(x -> !x.isEmpty()).mapToInt(Integer::parseInt).toArray());
        }
        return new SettleOutcome(after, crossed);
    }

    @Override
    public void release(String tenant, String member, long reservedAmount, List<Counter> counters, List<Bucket> refunds,
            long now) {
        List<String> keys = new ArrayList<>();
        List<String> args = new ArrayList<>(List.of(Integer.toString(counters.size()), Integer.toString(refunds.size()),
                Long.toString(now), member, Long.toString(reservedAmount)));
        for (Counter c : counters) {
            keys.add(counterKey(tenant, c.key()));
            keys.add(zsetKey(tenant, c.key()));
        }
        for (Bucket b : refunds) {
            keys.add(bucketKey(tenant, b.key()));
            args.add(Long.toString(b.capacity()));
            args.add(Long.toString(b.cost()));
        }
        keys.add(onceKey(tenant));
        args.add(onceMillis);
        run("release", keys, args);
    }

    @Override
    public String seedState(String tenant, String seedKey) {
        return call(c -> c.get(seedKey(tenant, seedKey)));
    }

    @Override
    public void beginSeeding(String tenant, String seedKey, long expireAt) {
        call(c -> c.set(seedKey(tenant, seedKey), "seeding", SetArgs.Builder.nx().pxAt(expireAt)));
    }

    @Override
    public List<String> journal(String tenant, String seedKey) {
        return call(c -> c.lrange(journalKey(tenant, seedKey), 0, -1));
    }

    @Override
    public int finishSeeding(String tenant, String seedKey, int journalLength, Map<String, Long> spent,
            Map<String, Long> exceededAt, long expireAt) {
        List<String> keys = new ArrayList<>(List.of(seedKey(tenant, seedKey), journalKey(tenant, seedKey)));
        List<String> args = new ArrayList<>(List.of(Integer.toString(journalLength), Long.toString(expireAt)));
        java.util.Set<String> subjects = new java.util.LinkedHashSet<>(spent.keySet());
        subjects.addAll(exceededAt.keySet());
        for (String key : subjects) {
            keys.add(counterKey(tenant, key));
            args.add(Long.toString(spent.getOrDefault(key, 0L)));
            args.add(Long.toString(exceededAt.getOrDefault(key, 0L)));
        }
        // Idempotent: run again after the first run seeded, it answers 0 ("another seeding finished first").
        String source = scripts.get("seed-finish").source();
        Long result = call(c -> c.eval(source, ScriptOutputType.INTEGER, keys.toArray(String[]::new),
                args.toArray(String[]::new)));
        return result.intValue();
    }

    @Override
    public Map<String, long[]> read(String tenant, List<String> counterKeys) {
        Map<String, long[]> values = new HashMap<>();
        for (String key : counterKeys) {
            List<io.lettuce.core.KeyValue<String, String>> fields = call(c -> c.hmget(counterKey(tenant, key), "spent",
                    "reserved", "exceeded_at"));
            long[] v = new long[3];
            for (int i = 0; i < 3; i++) {
                v[i] = fields.get(i).hasValue() ? Long.parseLong(fields.get(i).getValue()) : 0;
            }
            v[1] = Math.max(0, v[1]);
            values.put(key, v);
        }
        return values;
    }

    @Override
    public void forget(String tenant) {
        call(c -> {
            ScanIterator<String> keys = ScanIterator.scan(c, ScanArgs.Builder.matches(prefix(tenant) + "*").limit(500));
            List<String> batch = new ArrayList<>();
            while (keys.hasNext()) {
                String key = keys.next();
                if (!key.startsWith(prefix(tenant) + "rl:")) {
                    batch.add(key);
                }
                if (batch.size() == 500) {
                    c.del(batch.toArray(String[]::new));
                    batch.clear();
                }
            }
            if (!batch.isEmpty()) {
                c.del(batch.toArray(String[]::new));
            }
            return null;
        });
    }

    @Override
    public void close() {
        StatefulRedisConnection<String, String> current = connection;
        if (current != null) {
            current.close();
        }
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
}
