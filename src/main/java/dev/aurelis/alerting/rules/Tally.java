package dev.aurelis.alerting.rules;

/**
 * What one group did in one minute: exchanges, failures, refusals, tokens, cost, and (when a rule asks for latency)
 * a latency histogram of logarithmic buckets, 10% wide, from 1 ms to about 10 minutes.
 */
final class Tally {

    static final double RATIO = 1.1;
    static final int BUCKETS = 142;

    long minute;
    long requests;
    long errors;
    long refused;
    long tokens;
    long costMicros;
    int[] latency;

    void reset(long minute) {
        this.minute = minute;
        requests = 0;
        errors = 0;
        refused = 0;
        tokens = 0;
        costMicros = 0;
        latency = null;
    }

    void addLatency(int millis) {
        if (latency == null) {
            latency = new int[BUCKETS];
        }
        latency[bucket(millis)]++;
    }

    static int bucket(int millis) {
        if (millis <= 1) {
            return 0;
        }
        return Math.min(BUCKETS - 1, (int) Math.ceil(Math.log(millis) / Math.log(RATIO)));
    }

    /** The upper bound of a bucket, in milliseconds. */
    static double upper(int bucket) {
        return Math.pow(RATIO, bucket);
    }
}
