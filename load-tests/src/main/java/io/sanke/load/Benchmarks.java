package io.sanke.load;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** Entry point of {@code ./sanke bench NAME [args]}: runs one named benchmark. */
public final class Benchmarks {
    /** A benchmark's own {@code main}. */
    private interface Bench {
        void run(String[] args) throws Exception;
    }

    private static final Map<String, Bench> ALL = new LinkedHashMap<>();

    static {
        ALL.put("scheduler", SchedulerBench::main);
        ALL.put("sfu", SfuForwardingBench::main);
        ALL.put("first-frame", FirstFrameBench::main);
        ALL.put("join-storm", JoinStormBench::main);
        ALL.put("idle-connections", IdleConnectionsBench::main);
        ALL.put("transcode", TranscodeBench::main);
    }

    private Benchmarks() {
    }

    public static void main(String[] args) throws Exception {
        String name = args.length > 0 ? args[0] : "(none)";
        Bench bench = ALL.get(name);
        if (bench == null) {
            System.err.println("no benchmark named " + name + "; known: " + String.join(", ", ALL.keySet()));
            System.exit(2);
        }
        bench.run(Arrays.copyOfRange(args, 1, args.length));
    }
}
